// Where a distributed CPU-bound run spends its time, from timestamps (less
// sensitive to a shared machine's load than wall-clock ratios): 2 workers,
// 40 psets of about 50 ms, as bench/distributed.ts. Per run: the time from
// run() to the first pset starting, from the last pset ending to run()
// returning, how long one worker sat idle at the end while the other still
// ran psets, the gaps between psets on a worker, and the chunk sizes each
// worker saw (consecutive psets on one worker).
//   tsx bench/distributedTimeline.ts [runs=5] [psets=40]

import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { Redis } from "ioredis";
import { dfExtractDicts, distributed, plist, run } from "psweep";
import { startRedis } from "../test/helpers/redis.js";
// @ts-expect-error: plain JavaScript module without types (see poolFuncs.mjs)
import { calibrate } from "./poolFuncs.mjs";
// @ts-expect-error: plain JavaScript module without types
import { cpuTimed } from "./timedFuncs.mjs";

const [runs = 5, count = 40] = process.argv.slice(2).map(Number);
const funcModule = new URL("./timedFuncs.mjs", import.meta.url);
const redis = await startRedis();
const workers: ChildProcess[] = [];
const now = (): number => performance.timeOrigin + performance.now();
try {
  for (let i = 0; i < 2; i++) {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "test/fixtures/distributed/worker.ts", redis.url, "timeline", "1"],
      { stdio: ["ignore", "pipe", "ignore"] },
    );
    workers.push(child);
    await new Promise<void>((resolve) =>
      child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve()),
    );
  }
  const admin = new Redis(redis.url);
  const redisPid = Number(/process_id:(\d+)/.exec(await admin.info("server"))![1]);
  // calls per command, as the server counts them
  const commandCalls = async (): Promise<Map<string, number>> =>
    new Map(
      [...(await admin.info("commandstats")).matchAll(/cmdstat_([\w|]+):calls=(\d+)/g)].map((m) => [
        m[1]!,
        Number(m[2]),
      ]),
    );
  // CPU seconds of a process, as the kernel counts them (utime + stime, in ticks of 1/100 s)
  const cpuOf = (pid: number): number => {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8")
      .replace(/^.*\) /, "")
      .split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  };
  // times a process blocked (voluntary context switches): each is a wait for the server, a worker or a timer
  const waitsOf = (pid: number | "self"): number =>
    Number(/voluntary_ctxt_switches:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]);
  const executor = distributed({
    connection: redis.url,
    queue: "timeline",
    ...(process.env.CHUNK && { chunkSize: Number(process.env.CHUNK) }), // CHUNK: a fixed chunk size, against "auto"
  });
  const iterations = Number(process.env.ITERATIONS ?? 0) || (calibrate() as number); // ITERATIONS: the same work in A/B runs
  const heavy = plist(
    "i",
    Array.from({ length: count }, (_, i) => i),
  ).map((p: object) => ({ ...p, iterations }));
  type Row = { i: number; pid: number; t0: number; t1: number };
  // PROFILE=file: a CPU profile of this process over the measured runs (not the warm-up)
  const session = process.env.PROFILE ? new Session() : undefined;
  const measured: { overIdeal: number; toFirstStart: number; caller: number; redis: number; workers: number }[] = [];
  for (let k = 0; k <= runs; k++) {
    if (k === 1 && session) {
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.start");
    }
    const calls0 = await commandCalls();
    const cpu0 = process.cpuUsage();
    const redis0 = cpuOf(redisPid);
    const workers0 = workers.map((child) => cpuOf(child.pid!));
    const waits0 = [waitsOf("self"), waitsOf(redisPid), ...workers.map((child) => waitsOf(child.pid!))];
    const started = now();
    const table = await run(cpuTimed as never, heavy, { save: false, progress: false, executor, funcModule });
    const ended = now();
    const callerCpu = process.cpuUsage(cpu0);
    const [callerWaits, redisWaits, ...workerWaits] = [
      waitsOf("self"),
      waitsOf(redisPid),
      ...workers.map((child) => waitsOf(child.pid!)),
    ].map((n, j) => n - waits0[j]!);
    const calls = [...(await commandCalls())]
      .map(([name, n]) => [name, n - (calls0.get(name) ?? 0)] as const)
      .filter(([name, n]) => n > 0 && name !== "info")
      .sort((a, b) => b[1] - a[1]);
    const cpuMs = {
      caller: Math.round((callerCpu.user + callerCpu.system) / 1000),
      callerSystem: Math.round(callerCpu.system / 1000),
      redis: Math.round((cpuOf(redisPid) - redis0) * 1000),
      workers: workers.map((child, j) => Math.round((cpuOf(child.pid!) - workers0[j]!) * 1000)),
    };
    if (k === 0) continue; // warm-up
    const workersCpu = cpuMs.workers.reduce((a, b) => a + b, 0);
    const rows = dfExtractDicts<Row>(table).sort((a, b) => a.t0 - b.t0);
    const byPid = new Map<number, Row[]>();
    for (const row of rows) byPid.set(row.pid, [...(byPid.get(row.pid) ?? []), row]);
    const lastEnds = [...byPid.values()].map((list) => list.at(-1)!.t1);
    const lastEnd = Math.max(...lastEnds);
    const busy = rows.reduce((sum, row) => sum + row.t1 - row.t0, 0);
    let gaps = 0;
    for (const list of byPid.values()) for (let j = 1; j < list.length; j++) gaps += list[j]!.t0 - list[j - 1]!.t1;
    // psets of one worker in a row, in start order over both: a chunk each, roughly
    const runsOf = [...byPid.entries()].map(([pid, list]) => {
      const sizes: number[] = [];
      let prev = -2;
      for (const row of list) {
        const at = rows.indexOf(row);
        if (row.i === prev + 1) sizes[sizes.length - 1]!++;
        else sizes.push(1);
        prev = row.i;
        void at;
      }
      return `${pid}:${sizes.join(",")}`;
    });
    measured.push({
      overIdeal: ended - started - (Math.ceil(count / 2) * busy) / count,
      toFirstStart: rows[0]!.t0 - started,
      caller: cpuMs.caller,
      redis: cpuMs.redis,
      workers: workersCpu,
    });
    console.log(
      JSON.stringify({
        total: +(ended - started).toFixed(1),
        ideal: +((Math.ceil(count / 2) * busy) / count).toFixed(1),
        toFirstStart: +(rows[0]!.t0 - started).toFixed(1),
        lastEndToReturn: +(ended - lastEnd).toFixed(1),
        endIdle: lastEnds.length < 2 ? null : +(lastEnd - Math.min(...lastEnds)).toFixed(1),
        gapsSum: +gaps.toFixed(1),
        meanPset: +(busy / count).toFixed(1),
        perWorker: [...byPid.values()].map((list) => list.length),
        runs: runsOf,
        cpuMs,
        waits: { caller: callerWaits, redis: redisWaits, workers: workerWaits },
        commands: calls.reduce((sum, [, n]) => sum + n, 0),
        ...(process.env.DETAIL && { calls: Object.fromEntries(calls) }),
      }),
    );
    if (process.env.DETAIL)
      for (const [pid, list] of byPid)
        console.log(
          pid,
          list
            .map((r, j) => `${r.i}${j ? "+" + (r.t0 - list[j - 1]!.t1).toFixed(1) : "@" + (r.t0 - started).toFixed(0)}`)
            .join(" "),
        );
  }
  // medians over the measured runs: ms over the ideal (both workers busy from start to end), CPU ms of each process
  const median = (values: number[]): number => +values.sort((a, b) => a - b)[values.length >> 1]!.toFixed(1);
  const keys = ["overIdeal", "toFirstStart", "caller", "redis", "workers"] as const;
  console.log(
    JSON.stringify({ median: Object.fromEntries(keys.map((key) => [key, median(measured.map((m) => m[key]))])) }),
  );
  if (session) {
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(process.env.PROFILE!, JSON.stringify(profile));
  }
  admin.disconnect();
} finally {
  for (const child of workers) child.kill();
  await redis.stop();
}
