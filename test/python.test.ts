// The README's Python lines reproduce the pset hash: run them with python3
// on the SPEC vectors and on random psets, and compare with the library.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { psetHashes } from "../src/index.js";
import { HASH_VECTORS } from "./vectors.js";

function readmePython(): string {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const block = /<!-- python-hash:start -->\n```python\n([\s\S]*?)```\n<!-- python-hash:end -->/.exec(readme);
  if (!block) throw new Error("README.md has no python-hash block");
  return block[1]!;
}

function pythonHashes(psets: unknown[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), "psweep-py-"));
  writeFileSync(join(dir, "psets.json"), JSON.stringify(psets));
  const script = `${readmePython()}\nimport sys\nfor p in json.load(open(sys.argv[1], encoding="utf-8")):\n    print(pset_hash(p))\n`;
  writeFileSync(join(dir, "hash.py"), script);
  return execFileSync("python3", [join(dir, "hash.py"), join(dir, "psets.json")], { encoding: "utf8" })
    .trim()
    .split("\n");
}

const scalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1e21, 1e-7, 123456789012345680000, 5e-324, 1e-6, 0.000001234, 1.5e300, 2 ** 53),
  fc.string({ unit: "binary", maxLength: 10 }),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, scalar, tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 3 }),
  object: fc.dictionary(fc.string({ unit: "binary", maxLength: 6 }), tie("value"), { maxKeys: 3 }),
}));

describe("the README's Python hash", () => {
  it("gives the SPEC vectors", () => {
    expect(pythonHashes(HASH_VECTORS.map(([p]) => p))).toEqual(HASH_VECTORS.map(([, h]) => h));
  });

  it("agrees with psetHashes on 3,000 random psets (JSON numbers across the double range, all of Unicode)", () => {
    const psets = fc.sample(fc.dictionary(fc.string({ unit: "binary", maxLength: 8 }), value, { maxKeys: 6 }), {
      numRuns: 3000,
      seed: 42,
    });
    expect(pythonHashes(psets)).toEqual(psetHashes(psets as never));
  });
});
