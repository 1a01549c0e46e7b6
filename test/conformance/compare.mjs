// After the conformance suite ran under Node, Bun and Deno: each runtime's
// database content (ids and times aside) must be the same.
import { readdirSync, readFileSync } from "node:fs";

const dir = new URL("../../.conformance/", import.meta.url);
const files = readdirSync(dir)
  .filter((name) => name.endsWith(".json"))
  .sort();
const byCase = new Map();
for (const file of files) {
  const [runtime, name] = file.replace(/\.json$/, "").split("-");
  if (!byCase.has(name)) byCase.set(name, new Map());
  byCase.get(name).set(runtime, readFileSync(new URL(file, dir), "utf8"));
}
let failed = false;
for (const [name, runtimes] of byCase) {
  const names = [...runtimes.keys()].sort();
  if (names.join(",") !== "bun,deno,node") {
    console.log(`not ok - ${name}: content from ${names.join(", ")} only; expected node, bun and deno`);
    failed = true;
    continue;
  }
  const texts = new Set(runtimes.values());
  console.log(`${texts.size === 1 ? "ok" : "not ok"} - ${name}: the same database content on ${names.join(", ")}`);
  failed ||= texts.size !== 1;
}
if (failed) process.exit(1);
