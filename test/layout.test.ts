// CONTRIBUTING.md's layout table is how a new engineer finds their way: it
// names every folder of the library and its bindings, and nothing that is gone.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";

const table = readFileSync("CONTRIBUTING.md", "utf8").split("## Layout")[1]!.split("\n## ")[0]!;
/** The folders named in the table's first column, as written there (`src/run/`). */
const named = table
  .split("\n")
  .filter((line) => line.startsWith("| `"))
  .flatMap((line) => [...line.split(" | ")[0]!.matchAll(/`([^`]+\/)`/g)].map((m) => m[1]!));

const folders = (dir: string): string[] =>
  readdirSync(dir)
    .filter((name) => statSync(`${dir}/${name}`).isDirectory())
    .map((name) => `${dir}/${name}/`);

describe("the layout table in CONTRIBUTING.md", () => {
  it("names every folder of src/, bindings/ and the repository's top level", () => {
    const top = ["core-wasm/", "src/", "bindings/", "test/", "bench/", "examples/", "scripts/", "docs/api/"];
    const expected = [...top.filter((f) => f !== "bindings/"), ...folders("src"), ...folders("bindings")];
    for (const folder of expected) expect(named, `${folder} is missing from the table`).toContain(folder);
  });

  it("names no folder that does not exist", () => {
    expect(named.length).toBeGreaterThan(15);
    for (const folder of named) expect(statSync(folder).isDirectory(), folder).toBe(true);
  });
});
