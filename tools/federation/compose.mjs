// Usage: node compose.mjs NAME=FILE.graphql [NAME=FILE.graphql ...]
// Prints {"ok": bool, "errors": [...], "hints": [...], "supergraphSdl": "..."} as JSON.
import { readFileSync } from "node:fs";
import { composeServices } from "@apollo/composition";
import { parse } from "graphql";

const services = process.argv.slice(2).map((argument) => {
  const [name, file] = argument.split("=");
  return { name, url: `http://${name}.invalid/graphql`, typeDefs: parse(readFileSync(file, "utf8")) };
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
