// Hive Gateway as the profile benchmark runs it: the supergraph is composed at start from the
// subgraphs' `_service { sdl }` (--dev-service), and the caller's bearer token goes to each.
import { defineConfig } from "@graphql-hive/gateway";

export const gatewayConfig = defineConfig({
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => {
      const authorization = request.headers.get("authorization");
      return authorization ? { authorization } : {};
    },
  },
});
