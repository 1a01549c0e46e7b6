// Distributed runs through a real Redis server (started by the tests) and
// worker processes on Node and Bun.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { hostname } from "node:os";
import { tableFromIPC } from "apache-arrow";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dfExtractDicts, dfRead, distributed, grid, pgrid, plist, psetHash, run } from "./helpers/psweep.js";
import { startRedis, type RedisServer } from "./helpers/redis.js";
import { tmpDir } from "./helpers/tmp.js";
import { work } from "./fixtures/distributed/funcs.js";

const funcModule = new URL("./fixtures/distributed/funcs.ts", import.meta.url);
const runtimes: Record<string, string[]> = {
  node: [process.execPath, "--import", "tsx"],
  bun: ["node_modules/.bin/bun"],
  deno: ["node_modules/.bin/deno", "run", "-A"],
};

let redis: RedisServer;
const children: ChildProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await redis?.stop();
});

/** Starts a worker process and waits until it listens on the queue. */
function worker(runtime: string, queue: string, ...args: string[]): Promise<ChildProcess> {
  return workerAt(redis.url, runtime, queue, ...args);
}

async function workerAt(url: string, runtime: string, queue: string, ...args: string[]): Promise<ChildProcess> {
  const [command, ...flags] = runtimes[runtime]!;
  const child = spawn(command!, [...flags, "test/fixtures/distributed/worker.ts", url, queue, ...args], {
    env: { ...process.env, NO_COLOR: "1" },
  });
  children.push(child);
  let output = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("ready")) resolve();
    });
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => reject(new Error(`${runtime} worker exited (${code}): ${output}`)));
  });
  return child;
}

/** Rows in the write-ahead log of the run in progress. */
function loggedRows(calcDir: string): number {
  const dir = `${calcDir}/.psweep/database.arrow.wal`;
  if (!existsSync(dir)) return 0;
  return readdirSync(dir).reduce(
    (n, file) =>
      n +
      readFileSync(`${dir}/${file}`, "utf8")
        .split("\n")
        .filter((line) => line.startsWith("[")).length,
    0,
  );
}

const params = (count: number, sleep: number) =>
  pgrid(
    plist(
      "a",
      Array.from({ length: count }, (_, i) => i),
    ),
    plist("sleep", [sleep]),
  );

describe("distributed runs through Redis and BullMQ", () => {
  it("200 psets through a Node and a Bun worker: every row once, in input order, with the worker's host and results", async () => {
    const queue = "two-workers";
    const [nodeWorker, bunWorker] = [await worker("node", queue), await worker("bun", queue)];
    const calcDir = `${tmpDir()}/calc`;
    const df = await run(work, params(200, 5), {
      calcDir,
      executor: distributed({ connection: redis.url, queue }),
      funcModule,
    });
    const rows = dfExtractDicts(tableFromIPC(readFileSync(`${calcDir}/database.arrow`)));
    expect(dfExtractDicts(df)).toEqual(rows);
    expect(rows.map((r) => r.a)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(rows.map((r) => r._pset_seq)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(rows.map((r) => r.square)).toEqual(rows.map((r) => (r.a as number) ** 2));
    expect(new Set(rows.map((r) => r._exec_host))).toEqual(new Set([hostname()]));
    // both workers took jobs, and none ran in this process
    expect(new Set(rows.map((r) => r.pid))).toEqual(new Set([nodeWorker.pid, bunWorker.pid]));
    expect(new Set(rows.map((r) => r.runtime))).toEqual(new Set(["node", "bun"]));
    nodeWorker.kill();
    bunWorker.kill();
  });

  it("a server without BLMPOP (Redis before 7): the caller pops its results the older way", async () => {
    const older = await startRedis({ args: ["--rename-command", "BLMPOP", ""] });
    try {
      const queue = "no-blmpop";
      const nodeWorker = await workerAt(older.url, "node", queue);
      const df = await run(work, params(30, 2), {
        save: false,
        executor: distributed({ connection: older.url, queue }),
        funcModule,
      });
      const rows = dfExtractDicts(df);
      expect(rows.map((r) => r.a)).toEqual(Array.from({ length: 30 }, (_, i) => i));
      expect(rows.map((r) => r.square)).toEqual(rows.map((r) => (r.a as number) ** 2));
      expect(new Set(rows.map((r) => r.pid))).toEqual(new Set([nodeWorker.pid]));
      nodeWorker.kill();
    } finally {
      await older.stop();
    }
  });

  it("a grid() runs through a worker with skipDups: the psets the database lacks, in grid order, hashed as the array's", async () => {
    const queue = "grid";
    const nodeWorker = await worker("node", queue);
    const calcDir = `${tmpDir()}/calc`;
    const executor = () => distributed({ connection: redis.url, queue });
    await run(work, grid(plist("a", [0, 1, 2]), plist("sleep", [1])), { calcDir, executor: executor(), funcModule });
    const df = await run(work, grid(plist("a", [0, 1, 2, 3, 4, 5]), plist("sleep", [1])), {
      calcDir,
      executor: executor(),
      funcModule,
      skipDups: true,
    });
    const rows = dfExtractDicts(df);
    expect(rows.map((r) => r.a)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(rows.map((r) => r.square)).toEqual([0, 1, 4, 9, 16, 25]);
    expect(rows.map((r) => r._run_seq)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(rows.map((r) => r._pset_hash)).toEqual(params(6, 1).map((p) => psetHash(p)));
    nodeWorker.kill();
  });

  it("progress counts psets done, running on workers and waiting in the queue", async () => {
    const queue = "progress";
    const only = await worker("node", queue); // one pset at a time
    const calcDir = `${tmpDir()}/calc`;
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "test/fixtures/distributed/progress.ts", redis.url, queue, calcDir, "8", "900"],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk));
    expect(await new Promise((resolve) => child.on("close", resolve))).toBe(0);
    const lines = stderr.trimEnd().split("\n");
    expect(lines[0]).toBe("psweep: 0/8  left ?  elapsed 0:00:00"); // before anything is queued
    // every 5 s: what is done, the one pset the worker holds, the rest waiting in the queue
    const middle = lines.slice(1, -1);
    expect(middle.length).toBeGreaterThanOrEqual(1);
    for (const line of middle) {
      const [, done, running, waiting] =
        /^psweep: (\d)\/8  running (\d)  waiting (\d)  \S+ psets\/s  left \S+  elapsed \S+$/.exec(line) ?? [];
      expect(done, line).toBeDefined();
      expect(Number(done) + Number(running) + Number(waiting)).toBe(8);
      // 0 only in the moment between a chunk's outcome and the worker taking the next
      expect(Number(running)).toBeLessThanOrEqual(1);
    }
    expect(middle.some((line) => / waiting [1-7] /.test(line))).toBe(true);
    expect(lines.at(-1)).toMatch(/^psweep: 8 psets done in 0:00:\d\d \(\d\.\d\d psets\/s\)$/);
    only.kill();
  });

  it("a run opens one connection to the server, shared by its jobs and its results", async () => {
    const queue = "one-connection";
    const only = await worker("node", queue);
    const admin = new Redis(redis.url);
    const opened = async (): Promise<number> =>
      Number(/total_connections_received:(\d+)/.exec(await admin.info("stats"))![1]);
    const runThere = (count: number, sleep: number) =>
      run(work, params(count, sleep), {
        calcDir: `${tmpDir()}/calc`,
        executor: distributed({ connection: redis.url, queue }),
        funcModule,
        progress: false,
      });
    await runThere(4, 0); // the worker has opened all its connections once it ran a job
    const before = await opened();
    const df = await runThere(12, 20);
    expect((await opened()) - before).toBe(1);
    expect(dfExtractDicts(df).map((r) => r.a)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    admin.disconnect();
    only.kill();
  });

  it("a worker killed with SIGKILL in the middle of a job: its job runs on another worker, nothing missing, nothing twice", async () => {
    const queue = "killed-worker";
    // short locks, so that the dead worker's job is noticed within seconds
    const victim = await worker("node", queue, "1", "1500");
    const survivor = await worker("deno", queue, "1", "1500");
    const calcDir = `${tmpDir()}/calc`;
    let killed = false;
    const running = run(work, params(60, 40), {
      calcDir,
      executor: distributed({ connection: redis.url, queue }),
      funcModule,
      progress: false,
    });
    // kill the victim while it holds a job: after a few rows are in, mid-sleep
    while (!killed) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (loggedRows(calcDir) >= 3) {
        await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 20));
        victim.kill("SIGKILL");
        killed = true;
      }
    }
    const df = await running;
    const rows = dfExtractDicts(df);
    expect(rows.map((r) => r.a)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(new Set(rows.map((r) => r._pset_id)).size).toBe(60);
    expect(rows.some((r) => r.pid === victim.pid)).toBe(true);
    expect(rows.some((r) => r.pid === survivor.pid)).toBe(true);
    expect(dfExtractDicts(await dfRead(`${calcDir}/database.arrow`))).toEqual(rows);
    survivor.kill();
  });

  it("10,000 psets in chunks through 2 workers, one SIGKILLed mid-run: every pset exactly once in the database", async () => {
    const queue = "killed-mid-chunk";
    const victim = await worker("node", queue, "1", "1500");
    const survivor = await worker("node", queue, "1", "1500");
    const calcDir = `${tmpDir()}/calc`;
    const running = run(work, params(10_000, 0), {
      calcDir,
      executor: distributed({ connection: redis.url, queue }),
      funcModule,
      progress: false,
    });
    let loggedAtKill = 0;
    while (loggedAtKill === 0) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const logged = loggedRows(calcDir);
      if (logged >= 2000) {
        victim.kill("SIGKILL");
        loggedAtKill = logged;
      }
    }
    const df = await running;
    expect(loggedAtKill).toBeLessThan(10_000); // it was killed mid-run
    const rows = dfExtractDicts(await dfRead(`${calcDir}/database.arrow`));
    expect(rows).toHaveLength(10_000);
    expect(rows.map((r) => r.a)).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
    expect(new Set(rows.map((r) => r._pset_id)).size).toBe(10_000);
    expect(rows.every((r) => r.square === (r.a as number) ** 2)).toBe(true);
    const pids = rows.map((r) => r.pid);
    expect(pids).toContain(victim.pid);
    expect(pids).toContain(survivor.pid);
    expect(dfExtractDicts(df)).toEqual(rows);
    survivor.kill();
  });

  it("the caller stopped in the middle and run again with skipDups: every pset exactly once", async () => {
    const queue = "caller-dies";
    const workers = [await worker("node", queue), await worker("bun", queue)];
    const calcDir = `${tmpDir()}/calc`;
    const caller = spawn(process.execPath, [
      "--import",
      "tsx",
      "test/fixtures/distributed/caller.ts",
      calcDir,
      redis.url,
      queue,
      "80",
      "25",
    ]);
    children.push(caller);
    // kill the caller once some rows are logged
    while (loggedRows(calcDir) < 5) await new Promise((resolve) => setTimeout(resolve, 20));
    caller.kill("SIGKILL");
    await new Promise((resolve) => caller.on("exit", resolve));
    expect(existsSync(`${calcDir}.done`)).toBe(false);
    const partial = dfExtractDicts(await dfRead(`${calcDir}/database.arrow`));
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(80);

    const df = await run(work, params(80, 25), {
      calcDir,
      executor: distributed({ connection: redis.url, queue }),
      funcModule,
      skipDups: true,
    });
    const rows = dfExtractDicts(df);
    expect(rows.map((r) => r.a).sort((x, y) => (x as number) - (y as number))).toEqual(
      Array.from({ length: 80 }, (_, i) => i),
    );
    expect(new Set(rows.map((r) => r._pset_hash)).size).toBe(80);
    expect(new Set(rows.map((r) => r._run_seq))).toEqual(new Set([0, 1]));
    for (const w of workers) w.kill();
  });

  it("psweep worker (the command) runs psets, and stops cleanly on SIGTERM", async () => {
    const queue = "cli-worker";
    const child = spawn(process.execPath, [
      "dist/cli.js",
      "worker",
      "--redis",
      redis.url,
      "--queue",
      queue,
      "--concurrency",
      "2",
    ]);
    children.push(child);
    let stderr = "";
    await new Promise<void>((resolve) =>
      child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()).includes("taking psets") && resolve()),
    );
    expect(stderr).toBe(
      `psweep worker: taking psets from queue ${queue} on ${redis.url} (concurrency 2, jobs not signed); stop with Ctrl-C\n`,
    );
    const df = await run(work, params(20, 5), {
      save: false,
      executor: distributed({ connection: redis.url, queue }),
      funcModule,
    });
    expect(dfExtractDicts(df).map((r) => [r.a, r.pid])).toEqual(Array.from({ length: 20 }, (_, a) => [a, child.pid]));
    child.kill("SIGTERM");
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(code).toBe(0);
  });

  it("psweep queue shows jobs by state and the workers connected", async () => {
    const served = "status";
    const node = await worker("node", served);
    const port = Number(new URL(redis.url).port);
    const idle = new Queue("status-idle", { connection: { host: "127.0.0.1", port, maxRetriesPerRequest: null } });
    const busy = new Queue(served, { connection: { host: "127.0.0.1", port, maxRetriesPerRequest: null } });
    try {
      await idle.addBulk([1, 2, 3].map((i) => ({ name: "psets", data: { i } })));
      const refused = await busy.add("psets", { not: "a psweep job" });
      while (!(await refused.isFailed())) await new Promise((resolve) => setTimeout(resolve, 50));
      const show = (queue: string) =>
        spawnSync(process.execPath, ["dist/cli.js", "queue", "--redis", redis.url, "--queue", queue], {
          encoding: "utf8",
        });
      const a = show("status-idle");
      expect(a.stderr).toBe("");
      expect(a.stdout).toBe(
        `queue status-idle on ${redis.url}\njobs: 3 waiting, 0 active, 0 delayed, 0 failed, 0 completed (kept)\nworkers: 0\n`,
      );
      const b = show(served);
      expect(b.stdout.split("\n").slice(0, 3)).toEqual([
        `queue ${served} on ${redis.url}`,
        "jobs: 0 waiting, 0 active, 0 delayed, 1 failed, 0 completed (kept)",
        "workers: 1",
      ]);
      expect(b.stdout).toMatch(
        new RegExp(`^  ${hostname()}:${node.pid}  127\\.0\\.0\\.1:\\d+  connected \\d+ s, idle \\d+ s$`, "m"),
      );
    } finally {
      await idle.close();
      await busy.close();
      node.kill();
    }
  });

  it("psweep worker refuses bad options", () => {
    const result = spawnSync(
      process.execPath,
      ["dist/cli.js", "worker", "--redis", redis.url, "--queue", "q", "--concurrency", "0"],
      { encoding: "utf8" },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--concurrency must be a positive integer, got "0"/);
  });
});
