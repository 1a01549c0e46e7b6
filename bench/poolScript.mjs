// bench/pool.ts's "script" case as a plain JavaScript script, so that Node
// workers re-load it without any TypeScript loader:
//   <runtime> bench/poolScript.mjs <iterations> <psets>
// Serial (best of 3) and poolsize 2: the first pooled run on a new pool, then the best of 2
// on that pool kept warm.
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

const serial = Math.min(await seconds(1), await seconds(1), await seconds(1));
// The first pooled run starts its pool; the next ones find it warm (kept between runs of the same func).
const pooled = await seconds(2);
const pooledWarm = Math.min(await seconds(2), await seconds(2));
console.log(
  JSON.stringify({
    mode: "script.mjs",
    iterations,
    msPerPset: (serial / count) * 1000,
    serial,
    pooled,
    speedup: serial / pooled,
    pooledWarm,
    speedupWarm: serial / pooledWarm,
  }),
);
