// Runs graphql-http's audit against a GraphQL endpoint and prints one JSON line per check:
// {"id", "name", "status": "ok" | "warn" | "error" | "notice", "reason"}.
// Usage: node audit.mjs http://127.0.0.1:8000/graphql
import { auditServer } from "graphql-http";

const url = process.argv[2];
if (!url) {
  console.error("usage: node audit.mjs <url>");
  process.exit(2);
}
const results = await auditServer({ url });
for (const result of results) {
  const line = { id: result.id, name: result.name, status: result.status };
  if (result.status !== "ok") line.reason = result.reason;
  console.log(JSON.stringify(line));
}
