// bench/pool.ts's "script" case as a plain JavaScript script, so that Node
// workers re-load it without any TypeScript loader:
//   <runtime> bench/poolScript.mjs <iterations> <psets>
// Serial and poolsize 2, best of 3 each, every pooled run on a new pool.
// Prints one JSON line.

import { plist, run } from "psweep";
import { cpu } from "./poolFuncs.mjs";

const [iterations, count] = process.argv.slice(2).map(Number);

function ownCpu(p) {
  return cpu(p);
}

async function seconds(poolsize) {
  const params = plist(
    "i",
    Array.from({ length: count }, (_, i) => i),
  ).map((p) => ({ ...p, iterations }));
  const started = performance.now();
  await run(ownCpu, params, { save: false, poolsize });
  return (performance.now() - started) / 1000;
}

const best = async (poolsize) => Math.min(await seconds(poolsize), await seconds(poolsize), await seconds(poolsize));
const serial = await best(1);
const pooled = await best(2);
console.log(
  JSON.stringify({
    mode: "script.mjs",
    iterations,
    msPerPset: (serial / count) * 1000,
    serial,
    pooled,
    speedup: serial / pooled,
  }),
);
