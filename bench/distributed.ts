// Distributed runs through a Redis server of its own and 2 Node worker
// processes: throughput with a trivial func (20,000 psets), and the
// CPU-bound bench func (40 psets of about 50 ms, calibrated here) against
// serial. Each figure is the median of 3 runs after a warm-up run (the
// machine may be shared: the spread is printed too). Prints one JSON line.
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
    const child = spawn(process.execPath, ["--import", "tsx", "test/fixtures/distributed/worker.ts", redis.url, "bench", "1"], {
      stdio: ["ignore", "pipe", "ignore"],
    });
    workers.push(child);
    await new Promise<void>((resolve) => child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve()));
  }
  const executor = distributed({ connection: redis.url, queue: "bench" });
  const time = async (func: (p: never) => object, params: object[], options: object): Promise<number> => {
    const started = performance.now();
    await run(func as never, params, { save: false, progress: false, ...options });
    return (performance.now() - started) / 1000;
  };
  const median = async (measure: () => Promise<number>): Promise<{ median: number; min: number; max: number }> => {
    await measure(); // warm-up
    const times = [await measure(), await measure(), await measure()].sort((a, b) => a - b);
    return { median: times[1]!, min: times[0]!, max: times[2]! };
  };
  const many = plist("i", Array.from({ length: 20_000 }, (_, i) => i));
  const trivialTimes = await median(() => time(trivial, many, { executor, funcModule }));

  const iterations = calibrate() as number;
  const heavy = plist("i", Array.from({ length: 40 }, (_, i) => i)).map((p: object) => ({ ...p, iterations }));
  const serial = await median(() => time(cpu, heavy, {}));
  const spread = await median(() => time(cpu, heavy, { executor, funcModule }));
  console.log(JSON.stringify({
    psetsPerSecond: many.length / trivialTimes.median,
    psetsPerSecondRange: [many.length / trivialTimes.max, many.length / trivialTimes.min],
    serial: serial.median,
    distributed: spread.median,
    speedup: serial.median / spread.median,
    speedupRange: [serial.min / spread.max, serial.max / spread.min],
  }));
} finally {
  for (const child of workers) child.kill();
  await redis.stop();
}
