// Distributed runs through a Redis server of its own and 2 Node worker
// processes: throughput with a trivial func, and the CPU-bound bench func
// (about 50 ms per pset, calibrated here) against serial. Prints one JSON line.
//   tsx bench/distributed.ts

import { spawn, type ChildProcess } from "node:child_process";
import { distributed, plist, run } from "psweep";
import { startRedis } from "../test/helpers/redis.js";
// @ts-expect-error: plain JavaScript module without types (see poolFuncs.mjs)
import { calibrate, cpu, trivial } from "./poolFuncs.mjs";

const funcModule = new URL("./poolFuncs.mjs", import.meta.url);
const redis = await startRedis();
const workers: ChildProcess[] = [];
try {
  for (let i = 0; i < 2; i++) {
    const child = spawn(process.execPath, ["--import", "tsx", "test/fixtures/distributed/worker.ts", redis.url, "bench", "1"]);
    workers.push(child);
    await new Promise<void>((resolve) => child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve()));
  }
  const executor = distributed({ connection: redis.url, queue: "bench" });
  const time = async (func: (p: never) => object, params: object[], options: object): Promise<number> => {
    const started = performance.now();
    await run(func as never, params, { save: false, ...options });
    return (performance.now() - started) / 1000;
  };
  const many = plist("i", Array.from({ length: 4000 }, (_, i) => i));
  await time(trivial, many.slice(0, 200), { executor, funcModule }); // warm up the workers
  const trivialSeconds = await time(trivial, many, { executor, funcModule });

  const iterations = calibrate() as number;
  const heavy = plist("i", Array.from({ length: 40 }, (_, i) => i)).map((p) => ({ ...p, iterations }));
  const serial = await time(cpu, heavy, {});
  const spread = await time(cpu, heavy, { executor, funcModule });
  console.log(JSON.stringify({ psetsPerSecond: many.length / trivialSeconds, serial, distributed: spread, speedup: serial / spread }));
} finally {
  for (const child of workers) child.kill();
  await redis.stop();
}
