// Distributed runs through a Redis server of its own and 2 Node worker
// processes: throughput with a trivial func (20,000 psets), and the
// CPU-bound bench func (40 psets of about 50 ms, calibrated here) against
// serial. Throughput is the median of 3 runs after a warm-up run, the
// speedup the median of 5 pairs of runs (the machine may be shared: the
// spread is printed too). Prints one JSON line.
//   tsx bench/distributed.ts

import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { distributed, plist, run } from "psweep";
import { startRedis } from "../test/helpers/redis.js";
// @ts-expect-error: plain JavaScript module without types (see poolFuncs.mjs)
import { calibrate, cpu, trivial } from "./poolFuncs.mjs";

const funcModule = new URL("./poolFuncs.mjs", import.meta.url);
const redis = await startRedis();
const workers: ChildProcess[] = [];
try {
  for (let i = 0; i < 2; i++) {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "test/fixtures/distributed/worker.ts", redis.url, "bench", "1"],
      {
        stdio: ["ignore", "pipe", "ignore"],
      },
    );
    workers.push(child);
    await new Promise<void>((resolve) =>
      child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve()),
    );
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
  const many = plist(
    "i",
    Array.from({ length: 20_000 }, (_, i) => i),
  );
  const trivialTimes = await median(() => time(trivial, many, { executor, funcModule }));

  const iterations = calibrate() as number;
  const heavy = plist(
    "i",
    Array.from({ length: 40 }, (_, i) => i),
  ).map((p: object) => ({ ...p, iterations }));
  // serial and distributed runs alternate, and each pair gives a speedup: others' load on a shared machine
  // then weighs on both sides of a ratio alike
  await time(cpu, heavy, { executor, funcModule }); // warm-up
  const pairs: [number, number][] = [];
  // CPU seconds, as the kernel counts them: what the work cost, whatever else runs on the machine
  const workerCpu = (): number =>
    workers.reduce((sum, child) => {
      const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8")
        .replace(/^.*\) /, "")
        .split(" ");
      return sum + (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
    }, 0);
  let serialCpu = 0;
  let distributedCpu = 0;
  for (let k = 0; k < 5; k++) {
    const cpu0 = process.cpuUsage();
    const serialSeconds = await time(cpu, heavy, {});
    const used = process.cpuUsage(cpu0);
    serialCpu += (used.user + used.system) / 1e6;
    const workers0 = workerCpu();
    pairs.push([serialSeconds, await time(cpu, heavy, { executor, funcModule })]);
    distributedCpu += workerCpu() - workers0;
  }
  const byRatio = pairs.sort((a, b) => a[0] / a[1] - b[0] / b[1]);
  const [serial, spread] = byRatio[2]!;
  // what 2 processes get from this machine now: a spin loop alone against two at once (2 means two free cores)
  const spin =
    "const t=performance.now();let x=0;for(let k=0;k<2e8;k++)x+=Math.sqrt(k);console.log(performance.now()-t)";
  const spinOnce = (): Promise<number> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, ["-e", spin]);
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
      child.on("exit", () => resolve(Number(out)));
    });
  const alone = await spinOnce();
  const together = await Promise.all([spinOnce(), spinOnce()]);
  const machineParallelism = (2 * alone) / Math.max(...together);
  console.log(
    JSON.stringify({
      machineParallelism,
      psetsPerSecond: many.length / trivialTimes.median,
      psetsPerSecondRange: [many.length / trivialTimes.max, many.length / trivialTimes.min],
      serial,
      distributed: spread,
      speedup: serial / spread,
      speedupRange: [byRatio[0]![0] / byRatio[0]![1], byRatio[4]![0] / byRatio[4]![1]],
      // the workers' CPU time over the serial run's for the same psets: 1 means no overhead, and a speedup near 2 on 2 free cores
      workerCpuOverSerialCpu: distributedCpu / serialCpu,
    }),
  );
} finally {
  for (const child of workers) child.kill();
  await redis.stop();
}
