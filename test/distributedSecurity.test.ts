// A shared Redis server is writable by others: jobs injected straight into
// the queue, as an attacker with access to the server would, must not make a
// worker import or run anything its owner did not allow. Each attack names
// a module that would write a marker file; the marker must not exist, and
// the job must fail with PsweepJobRefusedError. Positive controls (an
// allowed module, a correctly signed job) write their marker, so the
// markers do show what ran.

import { spawn, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dfExtractDicts, distributed, plist, PsweepJobRefusedError, PsweepRunError, run } from "./helpers/psweep.js";
import { startRedis, type RedisServer } from "./helpers/redis.js";
import { tmpDir } from "./helpers/tmp.js";
import { work } from "./fixtures/distributed/funcs.js";

const KEY = "0123456789abcdef0123456789abcdef";
let redis: RedisServer;
let dir: string;
const children: ChildProcess[] = [];
const queues: Queue[] = [];

/** A module that writes `<marker>.imported` when loaded and `<marker>.ran` when its func f is called. */
function markerModule(path: string, marker: string): string {
  writeFileSync(
    path,
    `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(`${marker}.imported`)}, "x");\n` +
      `export function f() { writeFileSync(${JSON.stringify(`${marker}.ran`)}, "x"); return { ok: 1 }; }\n`,
  );
  return pathToFileURL(path).href;
}
const touched = (marker: string): boolean => existsSync(`${marker}.imported`) || existsSync(`${marker}.ran`);

beforeAll(async () => {
  redis = await startRedis();
  dir = tmpDir();
  mkdirSync(`${dir}/allowed`);
  mkdirSync(`${dir}/outside`);
});
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  for (const queue of queues) await queue.close();
  await redis?.stop();
});

async function worker(queue: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/fixtures/distributed/worker.ts", redis.url, queue], {
    env: { ...process.env, ...env },
  });
  children.push(child);
  let output = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()).includes("ready") && resolve());
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => reject(new Error(`worker exited (${code}): ${output}`)));
  });
  return child;
}

const task = {
  index: 0,
  pset: { a: 1 },
  book: { _pset_hash: "h", _pset_id: "p1", _run_seq: 0, _pset_seq: 0, _run_id: "r", _calc_dir: "calc" },
};
const body = (module: string): string =>
  JSON.stringify({
    func: { module, exportName: "f", name: "f", source: "function f() {}" },
    captureLogs: false,
    reply: "attacker",
    tasks: [task],
  });

/** Adds a job as an attacker would (straight into the queue) and waits until it is finished: its state and failure reason. */
async function inject(queueName: string, data: unknown): Promise<{ state: string; reason: string }> {
  const queue = new Queue(queueName, {
    connection: { host: "127.0.0.1", port: Number(new URL(redis.url).port), maxRetriesPerRequest: null },
  });
  queues.push(queue);
  const job = await queue.add("psets", data, { attempts: 3 });
  for (const start = Date.now(); Date.now() - start < 20_000; await new Promise((r) => setTimeout(r, 50))) {
    const state = await job.getState();
    if (state === "completed" || state === "failed") {
      const found = (await queue.getJob(job.id!))!;
      return { state, reason: found.failedReason ?? "" };
    }
  }
  throw new Error("the injected job did not finish within 20 s");
}

describe("a worker runs only what its owner allowed", () => {
  const queue = "guarded";
  beforeAll(async () => {
    await worker(queue, { WORKER_ALLOW: `${dir}/allowed` });
  });

  it("control: a module inside the allowed folder runs (so the markers show what ran)", async () => {
    const marker = `${dir}/control`;
    const outcome = await inject(queue, { v: 1, body: body(markerModule(`${dir}/allowed/good.mjs`, marker)) });
    expect(outcome.state).toBe("completed");
    expect(existsSync(`${marker}.ran`)).toBe(true);
  });

  it("a data: module is refused and not imported", async () => {
    const marker = `${dir}/data`;
    const source = `import{writeFileSync}from"node:fs";writeFileSync(${JSON.stringify(`${marker}.imported`)},"x");export function f(){return{}}`;
    const outcome = await inject(queue, { v: 1, body: body(`data:text/javascript,${encodeURIComponent(source)}`) });
    expect(outcome).toEqual({
      state: "failed",
      reason: expect.stringMatching(
        /^PsweepJobRefusedError: refused to load func module "data:text\/javascript.*never data:/,
      ),
    });
    expect(touched(marker)).toBe(false);
  });

  it("node:child_process is refused before it is imported or called", async () => {
    const outcome = await inject(queue, {
      v: 1,
      body: JSON.stringify({
        func: { module: "node:child_process", exportName: "execSync", name: "execSync", source: "" },
        captureLogs: false,
        reply: "attacker",
        tasks: [task],
      }),
    });
    expect(outcome).toEqual({
      state: "failed",
      reason: expect.stringMatching(
        /^PsweepJobRefusedError: refused to load func module "node:child_process": a node: module/,
      ),
    });
  });

  it("a bare package name and an http: URL are refused", async () => {
    expect(await inject(queue, { v: 1, body: body("tsx") })).toEqual({
      state: "failed",
      reason: expect.stringMatching(/^PsweepJobRefusedError: .*not a URL \(a bare package name\?\)/),
    });
    expect(await inject(queue, { v: 1, body: body("http://127.0.0.1:1/evil.mjs") })).toEqual({
      state: "failed",
      reason: expect.stringMatching(/^PsweepJobRefusedError: .*a http: module/),
    });
  });

  it("a file outside the allowed folder, directly, through .. or through a symlink inside it, is refused and not imported", async () => {
    const marker = `${dir}/outside-marker`;
    const evil = markerModule(`${dir}/outside/evil.mjs`, marker);
    symlinkSync(`${dir}/outside/evil.mjs`, `${dir}/allowed/link.mjs`);
    for (const module of [
      evil,
      `file://${dir}/allowed/../outside/evil.mjs`,
      pathToFileURL(`${dir}/allowed/link.mjs`).href,
    ]) {
      const outcome = await inject(queue, { v: 1, body: body(module) });
      expect(outcome).toEqual({
        state: "failed",
        reason: expect.stringContaining(`PsweepJobRefusedError: refused to load func module`),
      });
      expect(outcome.reason).toContain(`${dir}/outside/evil.mjs is outside the folders and files this worker allows`);
    }
    expect(touched(marker)).toBe(false);
  });

  it("a message that is not a psweep job (wrong shape, bad task) is refused, naming what is wrong", async () => {
    expect(await inject(queue, { func: { module: "data:," } })).toEqual({
      state: "failed",
      reason: expect.stringMatching(/^PsweepJobRefusedError: refused the job: its data is not a psweep job/),
    });
    const bad = JSON.stringify({
      func: { module: "file:///x.mjs", exportName: "f", name: "f", source: "" },
      captureLogs: false,
      reply: "a",
      tasks: [{ ...task, book: { ...task.book, _pset_seq: -1 } }],
    });
    expect(await inject(queue, { v: 1, body: bad })).toEqual({
      state: "failed",
      reason: "PsweepJobRefusedError: refused the job: task 0: book._pset_seq is not a non-negative integer",
    });
    const badReply = JSON.stringify({ ...JSON.parse(body("file:///x.mjs")), reply: "../../x" });
    expect(await inject(queue, { v: 1, body: badReply })).toEqual({
      state: "failed",
      reason: expect.stringContaining("reply is not a name"),
    });
  });

  it("the caller's run gets PsweepJobRefusedError for each pset whose func module the worker does not allow", async () => {
    const params = plist("a", [1, 2, 3]).map((p) => ({ ...p, sleep: 0 }));
    const executor = distributed({ connection: redis.url, queue });
    const funcModule = new URL("./fixtures/distributed/funcs.ts", import.meta.url); // in the repo, not in the allowed folder
    const df = await run(work, params, { save: false, executor, funcModule, onError: "record", progress: false });
    const rows = dfExtractDicts(df);
    expect(rows.map((r) => r._failed)).toEqual([true, true, true]);
    for (const row of rows)
      expect(row._exc_txt).toMatch(
        /^PsweepJobRefusedError: refused to load func module "file:\/\/.*": \S*\/test\/fixtures\/distributed\/funcs\.ts is outside the folders and files this worker allows/,
      );
    const raised = await run(work, params, { save: false, executor, funcModule, progress: false }).catch(
      (error: unknown) => error,
    );
    expect(raised).toBeInstanceOf(PsweepRunError);
    expect((raised as PsweepRunError).cause).toBeInstanceOf(PsweepJobRefusedError);
  });
});

describe("a worker with a job key runs only jobs signed with it", () => {
  const queue = "keyed";
  beforeAll(async () => {
    await worker(queue, { WORKER_ALLOW: `${dir}/allowed`, PSWEEP_JOB_KEY: KEY });
  });
  // signed here with node:crypto, independently of psweep's Web Crypto code
  const sign = (text: string, key = KEY): string =>
    createHmac("sha256", key).update(`psweep job\n${queue}\n${text}`).digest("hex");

  it("an unsigned job and a wrongly signed one are refused and do not run; a correctly signed one runs", async () => {
    const marker = `${dir}/keyed`;
    const text = body(markerModule(`${dir}/allowed/keyed.mjs`, marker));
    expect(await inject(queue, { v: 1, body: text })).toEqual({
      state: "failed",
      reason: expect.stringMatching(
        /^PsweepJobRefusedError: refused the job: it is not signed, and this worker has a job key/,
      ),
    });
    expect(await inject(queue, { v: 1, body: text, sig: sign(text, "another key of 32 characters....") })).toEqual({
      state: "failed",
      reason: "PsweepJobRefusedError: refused the job: its signature does not match this worker's job key",
    });
    // a valid signature over other text does not carry over
    expect((await inject(queue, { v: 1, body: text, sig: sign(body("file:///x.mjs")) })).state).toBe("failed");
    expect(touched(marker)).toBe(false);
    expect(await inject(queue, { v: 1, body: text, sig: sign(text) })).toEqual({ state: "completed", reason: "" });
    expect(existsSync(`${marker}.ran`)).toBe(true);
  });

  it("a caller without the key gets PsweepJobRefusedError for its psets; with the key its run works", async () => {
    const goodModule = `${dir}/allowed/square.mjs`;
    writeFileSync(goodModule, "export function square(p) { return { square: p.a * p.a }; }\n");
    const { square } = (await import(pathToFileURL(goodModule).href)) as {
      square: (p: { a: number }) => { square: number };
    };
    const params = plist("a", [1, 2, 3]);
    const unsigned = await run(square, params, {
      save: false,
      executor: distributed({ connection: redis.url, queue }),
      funcModule: goodModule,
      onError: "record",
      progress: false,
    });
    for (const row of dfExtractDicts(unsigned))
      expect(row._exc_txt).toMatch(/^PsweepJobRefusedError: refused the job: it is not signed/);
    const signed = await run(square, params, {
      save: false,
      executor: distributed({ connection: redis.url, queue, key: KEY }),
      funcModule: goodModule,
      progress: false,
    });
    expect(dfExtractDicts(signed).map((r) => [r._exc_txt ?? null, r.square])).toEqual([
      [null, 1],
      [null, 4],
      [null, 9],
    ]);
  });

  it("a caller with a key takes no unsigned results (a worker without the key): its psets fail saying so, no hang", async () => {
    const open = "keyless";
    await worker(open, { WORKER_ALLOW: `${dir}/allowed` });
    const goodModule = `${dir}/allowed/square2.mjs`;
    writeFileSync(goodModule, "export function square(p) { return { square: p.a * p.a }; }\n");
    const { square } = (await import(pathToFileURL(goodModule).href)) as {
      square: (p: { a: number }) => { square: number };
    };
    const df = await run(square, plist("a", [1, 2]), {
      save: false,
      executor: distributed({ connection: redis.url, queue: open, key: KEY }),
      funcModule: goodModule,
      onError: "record",
      progress: false,
    });
    for (const row of dfExtractDicts(df)) {
      expect(row.square ?? null).toBeNull();
      expect(row._exc_txt).toMatch(
        /^PsweepError: the distributed job of this pset failed on its worker: its worker's results are not signed with this run's key/,
      );
    }
  });
});
