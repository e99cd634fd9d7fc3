// Usage: node compose.mjs NAME=FILE.graphql[=URL] [NAME=FILE.graphql[=URL] ...]
// Prints {"ok": bool, "errors": [...], "hints": [...], "supergraphSdl": "..."} as JSON. URL is where
// a gateway serving the supergraph finds that subgraph (default: http://NAME.invalid/graphql).
import { readFileSync } from "node:fs";
import { composeServices } from "@apollo/composition";
import { parse } from "graphql";

const services = process.argv.slice(2).map((argument) => {
  const [name, file, ...url] = argument.split("=");
  return {
    name,
    url: url.length ? url.join("=") : `http://${name}.invalid/graphql`,
    typeDefs: parse(readFileSync(file, "utf8")),
  };
});
const result = composeServices(services);
process.stdout.write(
  JSON.stringify({
    ok: !result.errors,
    errors: (result.errors ?? []).map((error) => error.message),
    hints: (result.hints ?? []).map((hint) => hint.toString()),
    supergraphSdl: result.supergraphSdl ?? null,
  }),
);
