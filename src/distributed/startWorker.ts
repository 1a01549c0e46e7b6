// A distributed worker: takes chunks of psets from a BullMQ queue and runs
// them with the same worker body as local pools (src/pool/workerHandler.ts). Start
// any number, on any machines that see the Redis server and the module that
// defines func, with `psweep worker` or startWorker().
//
// A job is hostile until checked (message.ts): its signature when the worker
// has a key, every field, and its func module against what the owner
// allowed (allow.ts). A refused job fails at once, without retries, and
// nothing of it runs. Outcomes go to the caller's results list as psets
// finish (a few at a time), and the chunk's done set records them, so that
// a chunk retried after this worker died runs only what is missing. A first
// item without outcomes tells the caller that the chunk runs, unless the
// func's last pset here was quick: then its first outcome tells soon enough,
// and the caller is not woken once more per chunk.

import type { ConnectionOptions } from "bullmq";
import { PsweepError, describe } from "../errors.js";
import type { WorkerReply } from "../pool/protocol.js";
import { workerHandler } from "../pool/workerHandler.js";
import type { Runtime } from "../runtime.js";
import { moduleGate } from "./allow.js";
import { probe, redisError, resolveConnection, type ConnectionSettings } from "./connection.js";
import { PsweepJobRefusedError } from "./errors.js";
import { ID, readJob, type ChunkBody, type ResultItem } from "./message.js";
import { signer, type JobKey } from "./signing.js";
import { KEY_TTL_MS, keys, outcomeToJson, type OutcomeJson } from "./transport.js";
import { loadBullmq, loadIoredis } from "./packages.js";

export interface WorkerOptions extends ConnectionSettings {
  queue: string;
  /** Chunks run at once in this worker (async funcs overlap; CPU-bound ones want 1 per core, i.e. several workers). Default 1. */
  concurrency?: number;
  /** ms a job stays locked to this worker without renewal: after that, a worker that died is noticed and its job retried elsewhere. Default 30000. */
  lockDuration?: number;
  /**
   * Folders and files whose modules jobs may name as func module (symlinks
   * followed). Default: the working directory. Nothing else is imported.
   */
  allow?: string[];
  /** Shared key: only jobs signed with it run, and results are signed with it. */
  key?: JobKey;
  /** Where the worker's log lines go (refused jobs, a summary every few seconds). Default: stderr. */
  log?: (line: string) => void;
}

export interface DistributedWorker {
  /** Finishes the jobs in progress, then stops. */
  close(): Promise<void>;
  /** Resolves (never rejects) when the worker stops by itself: it lost its Redis server for longer than connectTimeout. */
  readonly lost: Promise<PsweepError>;
}

/** Outcomes are pushed when this many wait, or the oldest waited this long, or a pset took this long. */
const FLUSH_COUNT = 256;
const FLUSH_MS = 20;
const SLOW_PSET_SECONDS = 0.005;
/** A chunk gets an item without outcomes first unless its func's last pset here took less than this. */
const START_NOTE_SECONDS = 0.5;
const SUMMARY_MS = 5000;

export async function startWorker(runtime: Runtime, options: WorkerOptions): Promise<DistributedWorker> {
  const who = "startWorker";
  const queue = options.queue;
  if (typeof queue !== "string" || !ID.test(queue))
    throw new PsweepError(`${who}: queue must be a name of letters, digits, _ and -, got ${describe(queue)}`);
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new PsweepError(`${who}: concurrency must be a positive integer, got ${describe(concurrency)}`);
  const lockDuration = options.lockDuration ?? 30_000;
  if (!Number.isInteger(lockDuration) || lockDuration < 1)
    throw new PsweepError(`${who}: lockDuration must be a positive integer (ms), got ${describe(lockDuration)}`);
  const log = options.log ?? ((line: string) => runtime.stdio.write("stderr", `${line}\n`));
  const gate = await moduleGate(runtime, options.allow, who);
  const sign = options.key === undefined ? undefined : await signer(options.key, who);
  const connection = await resolveConnection(runtime, options, who);
  await probe(connection, "startWorker (distributed runs)");

  const { Worker, UnrecoverableError } = await loadBullmq("startWorker (distributed runs)");
  const { Redis } = await loadIoredis("startWorker (distributed runs)");
  const redis = new Redis(connection.options); // pushes outcomes; BullMQ's own connections stay BullMQ's
  const handle = workerHandler(runtime);
  const workerId = crypto.randomUUID();
  const stats = { chunks: 0, psets: 0, failed: 0, refused: 0, since: Date.now() };
  // seconds of the last pset here of each func (module, export, name): a quick one's chunks need no start item
  const lastSeconds = new Map<string, number>();

  const processor = async (job: {
    id?: string;
    data: unknown;
    attemptsStarted?: number;
    attemptsMade?: number;
  }): Promise<{ psets: number }> => {
    let chunk: ChunkBody;
    let module: string;
    try {
      if (typeof job.id !== "string" || !ID.test(job.id))
        throw new PsweepJobRefusedError("refused the job: its id is not a name of letters, digits, _ and -");
      chunk = await readJob(job.data, queue, sign);
      module = await gate.admit(chunk.func.module);
    } catch (error) {
      if (!(error instanceof PsweepJobRefusedError)) throw error;
      stats.refused++;
      log(`psweep worker: job ${describe(String(job.id))}: ${error.message}`);
      throw new UnrecoverableError(`${error.name}: ${error.message}`);
    }
    const jobId = job.id;
    const doneKey = keys.done(queue, jobId);
    const outKey = keys.out(queue, chunk.reply);
    // BullMQ counts the starts of a job (1 on its first) and its failures: only a job started or failed before can
    // have psets done (one retried by hand with both counts reset runs them again, and the caller takes each once)
    const first = job.attemptsStarted === 1 && job.attemptsMade === 0;
    const done = first ? new Set<string>() : new Set(await redis.hkeys(doneKey));
    let buffer: [string, OutcomeJson][] = [];
    let oldest = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // pushes sent and not yet confirmed: the job ends only once all are, and the first failure fails it
    const unconfirmed = new Set<Promise<unknown>>();
    let pushFailed: { error: unknown } | undefined;
    /** Sends outcomes (none: the chunk started); resolves once written to the connection, without waiting for the reply. */
    const push = async (pairs: [string, OutcomeJson][]): Promise<void> => {
      const body = JSON.stringify(pairs);
      const item: ResultItem = {
        v: 1,
        job: jobId,
        worker: workerId,
        body,
        ...(sign && { sig: await sign.sign("result", queue, `${jobId}\n${body}`) }),
      };
      // one transaction: a pset is in the caller's list exactly when it is in the done set
      const transaction = redis.multi().rpush(outKey, JSON.stringify(item)).pexpire(outKey, KEY_TTL_MS);
      if (pairs.length > 0)
        transaction.hset(doneKey, ...pairs.flatMap(([id]) => [id, "1"])).pexpire(doneKey, KEY_TTL_MS);
      const sent = transaction
        .exec()
        .catch((error: unknown) => void (pushFailed ??= { error }))
        .finally(() => unconfirmed.delete(sent));
      unconfirmed.add(sent);
    };
    /** Sends the buffered outcomes, if any. */
    const flush = async (): Promise<void> => {
      clearTimeout(timer);
      timer = undefined;
      if (buffer.length === 0) return;
      const pairs = buffer;
      buffer = [];
      await push(pairs);
    };
    const funcKey = JSON.stringify([module, chunk.func.exportName, chunk.func.name]);
    let flushing: Promise<void> =
      (lastSeconds.get(funcKey) ?? Infinity) < START_NOTE_SECONDS ? Promise.resolve() : push([]);
    const func = { ...chunk.func, module };
    try {
      for (const task of chunk.tasks) {
        if (pushFailed !== undefined) throw pushFailed.error;
        if (done.has(task.book._pset_id)) continue;
        const reply: WorkerReply = await handle({ func, captureLogs: chunk.captureLogs, task });
        // a worker that cannot load func fails the job: it is retried, maybe on a worker that can
        if (reply.kind === "setup-error") throw new Error(`${reply.error.name}: ${reply.error.message}`);
        if (reply.kind === "ready") throw new Error("a worker answered a pset with ready"); // only a request without a task gets it
        if (buffer.length === 0) {
          oldest = Date.now();
          timer = setTimeout(() => void (flushing = flushing.then(flush)), FLUSH_MS);
        }
        buffer.push([task.book._pset_id, outcomeToJson(reply)]);
        if (lastSeconds.size >= 1000 && !lastSeconds.has(funcKey)) lastSeconds.clear();
        lastSeconds.set(funcKey, reply.seconds);
        stats.psets++;
        if (reply.error !== undefined) stats.failed++;
        // fast psets share a push, which goes out while the next ones run; after a slow one, the push is on its
        // way (written to the connection) before the next starts, but its reply is not waited for: a worker
        // killed before the server took it loses no pset, as the pset is then in no done set and runs again
        if (reply.seconds >= SLOW_PSET_SECONDS) await (flushing = flushing.then(flush));
        else if (buffer.length >= FLUSH_COUNT || Date.now() - oldest >= FLUSH_MS) flushing = flushing.then(flush);
      }
      await (flushing = flushing.then(flush));
      while (unconfirmed.size > 0) await Promise.all(unconfirmed);
      if (pushFailed !== undefined) throw pushFailed.error;
    } finally {
      clearTimeout(timer);
    }
    stats.chunks++;
    return { psets: chunk.tasks.length };
  };

  const worker = new Worker(queue, processor, {
    connection: connection.options as unknown as ConnectionOptions,
    concurrency,
    name: `${runtime.hostname()}:${runtime.process.pid}`,
    lockDuration,
    stalledInterval: Math.max(1000, lockDuration / 2),
    maxStalledCount: 3,
  });
  // BullMQ and ioredis retry a lost server forever, each attempt an error: tell it once, and give up after the time bound
  let lostSince: number | undefined;
  let resolveLost: (error: PsweepError) => void = () => {};
  const lost = new Promise<PsweepError>((resolve) => (resolveLost = resolve));
  worker.on("error", (error) => {
    const now = Date.now();
    if (lostSince === undefined) {
      lostSince = now;
      log(`psweep worker: ${redisError(connection, error).message}; retrying for ${connection.timeoutMs / 1000} s`);
    } else if (now - lostSince > connection.timeoutMs) resolveLost(redisError(connection, error));
  });
  worker.on("ready", () => (lostSince = undefined));
  redis.on("error", () => undefined); // the worker's own error handler above tells a lost server
  const summary = setInterval(() => {
    if (stats.chunks === 0 && stats.refused === 0) return;
    const seconds = (Date.now() - stats.since) / 1000;
    log(
      `psweep worker: ${stats.psets} psets in ${stats.chunks} chunks (${stats.failed} failed, ${stats.refused} jobs refused) in the last ${seconds.toFixed(1)} s`,
    );
    Object.assign(stats, { chunks: 0, psets: 0, failed: 0, refused: 0, since: Date.now() });
  }, SUMMARY_MS);
  (summary as { unref?: () => void }).unref?.();
  try {
    await worker.waitUntilReady();
  } catch (error) {
    clearInterval(summary);
    redis.disconnect();
    await worker.close(true).catch(() => undefined);
    throw redisError(connection, error);
  }
  return {
    lost,
    async close() {
      clearInterval(summary);
      await worker.close();
      redis.disconnect();
    },
  };
}
