// One measurement of grid expansion + hashing, in its own process so that
// its peak memory is its own:  tsx bench/gridHash.ts <impl> <psets>
//   core       grid(...).digests(): expansion and hashing in the wasm core,
//              streamed through one reused buffer
//   objects    pgrid(...) objects, then psetHashes() (core SHA-1 in batches)
//   reference  TypeScript per pset: build the object, canonical JSON,
//              node:crypto SHA-1 (the plain reference of test/reference)
// Each first runs on 2*10^4 psets to warm up, then is timed on n psets.
// Prints one JSON line.

import { grid, pgrid, psetHashes } from "psweep";
import { plists } from "./studyAxes.js";
import { psetHashRef } from "../test/reference/psetHashRef.js";

const [impl = "core", count = "1e6"] = process.argv.slice(2);
const n = Number(count);

function run(n: number): number {
  let check = 0;
  if (impl === "core") {
    const g = grid(plists(n));
    const step = Math.min(n, 1_000_000);
    const out = new Uint8Array(20 * step);
    for (let start = 0; start < n; start += step) {
      const digests = g.digests({ start, end: start + step, out });
      check ^= digests[0]!;
    }
  } else if (impl === "objects") {
    const hashes = psetHashes(pgrid(plists(n)));
    check = hashes.length;
  } else if (impl === "reference") {
    const axes = plists(n);
    const digits = axes.map(() => 0);
    for (let i = 0; i < n; i++) {
      const pset = Object.assign({}, ...axes.map((axis, a) => axis[digits[a]!]));
      check ^= psetHashRef(pset).charCodeAt(0);
      for (let a = digits.length - 1; a >= 0; a--) {
        if (++digits[a]! < axes[a]!.length) break;
        digits[a] = 0;
      }
    }
  } else {
    throw new Error(`unknown implementation ${impl}; use core, objects or reference`);
  }
  return check;
}

run(20_000); // warm up: compile the wasm, let the JIT tier up
const started = performance.now();
const check = run(n);
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ impl, n, seconds, peakRssMB: process.resourceUsage().maxRSS / 1024, check }));
