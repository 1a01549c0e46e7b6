// Local pools against serial, measured in one process under any runtime:
//   <runtime> bench/pool.ts [module|script|calibrate] [iterations] [psets]
// CPU-bound: 40 psets (or `psets`) of about 50 ms of arithmetic each (calibrated on this
// runtime), serial (best of 3) and poolsize 2: the first pooled run on a new pool, then the
// best of 2 on that pool kept warm. Trivial: the cost per
// pset of the pool, from the difference between 6,000 and 2,000 psets.
// "module": func comes from bench/poolFuncs.mjs through funcModule; "script":
// func is this file's own, and workers re-run this script to find it.
// Prints one JSON line.

import { plist, run } from "psweep";
// @ts-expect-error: plain JavaScript module without types (see poolFuncs.mjs)
import { calibrate, cpu, trivial } from "./poolFuncs.mjs";

// iterations: given by bench/main.ts in script mode, so that workers, which re-run this
// script up to its first run() call, do not calibrate too.
// Arguments as a Deno script reads them: on Deno, the first touch of `process`
// sets up its Node compatibility layer, 40-110 ms in every worker that
// re-loads this script (see bindings/shared/builtin.ts).
const args = (globalThis as { Deno?: { args: string[] } }).Deno?.args ?? process.argv.slice(2);
const [mode = "module", given, psets = "40"] = args;
const count = Number(psets);
const funcModule = new URL("./poolFuncs.mjs", import.meta.url);

function ownCpu(p: { i: number; iterations: number }): { x: number } {
  return cpu(p) as { x: number };
}

async function seconds(
  func: (p: never) => object,
  count: number,
  poolsize: number,
  extra: object = {},
): Promise<number> {
  const params = plist(
    "i",
    Array.from({ length: count }, (_, i) => i),
  ).map((p) => ({ ...p, ...extra }));
  const options = poolsize > 1 ? { poolsize, ...(mode === "script" ? {} : { funcModule }) } : {};
  const started = performance.now();
  await run(func as never, params, { save: false, ...options });
  return (performance.now() - started) / 1000;
}

const best = async (measure: () => Promise<number>): Promise<number> =>
  Math.min(await measure(), await measure(), await measure());

const iterations = given ? Number(given) : (calibrate() as number);
if (mode === "calibrate") {
  console.log(JSON.stringify({ iterations }));
  process.exit(0);
}
const cpuFunc = mode === "script" ? ownCpu : cpu;
const trivialFunc = trivial;
const serial = await best(() => seconds(cpuFunc, count, 1, { iterations }));
// The first pooled run starts its pool; the next ones find it warm (kept between runs of the same func).
const pooled = await seconds(cpuFunc, count, 2, { iterations });
const pooledWarm = Math.min(
  await seconds(cpuFunc, count, 2, { iterations }),
  await seconds(cpuFunc, count, 2, { iterations }),
);
// Re-running this script, a worker takes the func of its first run() call (cpuFunc): the trivial
// func is measured with funcModule only.
const script = mode === "script";
const trivialSerial = script
  ? NaN
  : (await best(() => seconds(trivialFunc, 6000, 1))) - (await best(() => seconds(trivialFunc, 2000, 1)));
const trivialPool = script
  ? NaN
  : (await best(() => seconds(trivialFunc, 6000, 2))) - (await best(() => seconds(trivialFunc, 2000, 2)));
// A run of 2 psets on a new pool: each after a run on 3 workers, whose pool is too big for poolsize 2 (a new one
// starts) and whose start closes the waiting pool of 2.
const start = await best(async () => {
  await run(
    cpuFunc as never,
    plist("i", [0, 1, 2]).map((p) => ({ ...p, iterations: 1 })),
    {
      save: false,
      poolsize: 3,
      ...(mode === "script" ? {} : { funcModule }),
    },
  );
  return seconds(cpuFunc, 2, 2, { iterations: 1 });
});
const runtime = (globalThis as { Bun?: unknown }).Bun
  ? "bun"
  : (globalThis as { Deno?: unknown }).Deno
    ? "deno"
    : "node";
console.log(
  JSON.stringify({
    runtime,
    mode,
    iterations,
    msPerPset: (serial / count) * 1000,
    serial,
    pooled,
    speedup: serial / pooled,
    pooledWarm,
    speedupWarm: serial / pooledWarm,
    serialMicros: (trivialSerial / 4000) * 1e6,
    poolMicros: (trivialPool / 4000) * 1e6,
    start,
  }),
);
