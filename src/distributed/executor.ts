// Runs psets on any number of machines through an existing engine: a Redis
// server and BullMQ. Psets go out in chunks (jobs of several psets, sized
// from the measured func time: chunking.ts), queued a few at a time so that
// later chunks use what earlier ones measured, and shrinking towards the
// end so that no worker is left with a long tail. Workers push outcomes to this run's results list as psets
// finish; they come back here, into this process' database, one by one.
// A worker also pushes an item without outcomes when it takes a chunk (unless
// the func's psets are quick there: then the first outcome comes soon):
// that is how the caller counts psets running, with no second connection
// reading BullMQ's event stream (whose every event would wake it on a
// machine whose cores the workers want).
// A pset's outcome is taken once: whatever arrives again (a chunk retried
// after its worker died) is dropped.

import type { ConnectionOptions } from "bullmq";
import { PsweepError, describe } from "../errors.js";
import type { Executor } from "../run/executor.js";
import type { Outcome, Task } from "../run/task.js";
import type { Runtime } from "../runtime.js";
import { autoChunkSize, chunkBacklog } from "./chunking.js";
import {
  checkedClientOptions,
  connectChecked,
  redisError,
  resolveConnection,
  type ConnectionSettings,
} from "./connection.js";
import { PsweepJobRefusedError } from "./errors.js";
import { ID, readResult, type ChunkBody, type JobData } from "./message.js";
import { signer, type JobKey } from "./signing.js";
import { keys, outcomeFromJson } from "./transport.js";
import { loadBullmq, loadIoredis } from "./packages.js";

export interface DistributedOptions extends ConnectionSettings {
  /** Name of the BullMQ queue the workers take jobs from (letters, digits, _ and -). */
  queue: string;
  /** How often a chunk is tried when its worker dies or cannot load func. Default 3. */
  attempts?: number;
  /** Psets per job: a number, or "auto" (default: about CHUNK_SECONDS of measured func time per job). */
  chunkSize?: number | "auto";
  /** Shared key: jobs are signed with it, and only results signed with it are taken (workers need the same key). */
  key?: JobKey;
}

/** Outcomes popped from the results list at once (each item holds up to a few hundred). */
const POP_COUNT = 64;
/** How often outstanding chunks are looked up directly (failed, vanished or back to waiting), and workers counted. */
const RECONCILE_MS = 2000;

export function distributed(runtime: Runtime, options: DistributedOptions): Executor {
  const who = "distributed";
  if (typeof options !== "object" || options === null)
    throw new PsweepError(`${who}: options must be {connection, queue, ...}, got ${describe(options)}`);
  const name = options.queue;
  if (typeof name !== "string" || !ID.test(name))
    throw new PsweepError(`${who}: queue must be a name of letters, digits, _ and -, got ${describe(name)}`);
  const attempts = options.attempts ?? 3;
  if (!Number.isInteger(attempts) || attempts < 1)
    throw new PsweepError(`${who}: attempts must be a positive integer, got ${describe(attempts)}`);
  const chunkSize = options.chunkSize ?? "auto";
  if (chunkSize !== "auto" && !(Number.isInteger(chunkSize) && chunkSize >= 1 && chunkSize <= 100_000)) {
    throw new PsweepError(
      `${who}: chunkSize must be "auto" or an integer from 1 to 100000, got ${describe(chunkSize)}`,
    );
  }
  return {
    async execute(job) {
      const connection = await resolveConnection(runtime, options, who);
      const sign = options.key === undefined ? undefined : await signer(options.key, who);
      const func = job.funcRef();
      const [{ Job, Queue }, { Redis }] = await Promise.all([
        loadBullmq("distributed()"),
        loadIoredis("distributed()"),
      ]);
      const reply = crypto.randomUUID();
      const outKey = keys.out(name, reply);
      // One connection per run: each one costs the caller 5 to 11 ms of CPU to open (measured: ioredis alone,
      // and with BullMQ's scripts), on cores the workers want. BullMQ's queue shares it with the blocking pops of results, which
      // is safe as this run's loop never adds jobs while it pops (only the reconcile pass may wait for a pop).
      // Its first connect names what is wrong with a server that does not answer; after that it gives up on a
      // lost server only after retrying, so that the bound below applies.
      const results = new Redis(checkedClientOptions(connection));
      const probed = connectChecked(results, connection).then(
        () =>
          void Object.assign(results.options, {
            maxRetriesPerRequest: 1,
            retryStrategy: () => 200,
            enableOfflineQueue: true,
          }),
        (error: unknown) => ({ error }),
      );
      const queue = new Queue(name, { connection: results as unknown as ConnectionOptions }); // BullMQ's type for an ioredis client differs
      let lostSince: number | undefined;
      let lastError: unknown;
      const noteError = (error: unknown): void => {
        lastError = error;
        lostSince ??= Date.now();
      };
      results.on("error", noteError);
      queue.on("error", noteError);

      const tasks = job.tasks;
      let next = 0; // tasks[next...] are not queued yet
      const pending = new Map<string, { task: Task; chunk: string }>(); // queued, no outcome yet
      const chunks = new Map<string, { tasks: Task[]; left: number }>(); // queued jobs with psets pending
      const allJobIds: string[] = [];
      const noticed: [string, string][] = []; // failed or vanished jobs: [id, reason]
      const unsigned = new Set<string>(); // jobs of ours whose results came without a valid signature
      const workers = new Set<string>();
      let workerCount = 0;
      let measured = 0;
      let secondsSum = 0;
      const active = new Set<string>(); // queued chunks a worker has taken (told by its first item)
      const report = (): void => {
        let running = 0;
        for (const id of active) running += chunks.get(id)?.left ?? 0;
        job.onQueue(running, pending.size - running + tasks.length - next); // waiting: queued, or not yet
      };
      const take = (task: Task, chunk: string, outcome: Outcome): void => {
        pending.delete(task.book._pset_id);
        const queued = chunks.get(chunk)!;
        if (--queued.left === 0) {
          chunks.delete(chunk);
          active.delete(chunk);
        }
        report(); // before the outcome, which may print a progress line
        job.onOutcome(outcome);
      };
      const failure = (task: Task, reason: string): Outcome => {
        const refused = reason.startsWith(`${PsweepJobRefusedError.name}: `);
        const error = refused
          ? new PsweepJobRefusedError(reason.slice(PsweepJobRefusedError.name.length + 2))
          : new PsweepError(`the distributed job of this pset failed on its worker: ${reason}`);
        return { index: task.index, startedAt: new Date(), host: "?", seconds: 0, error };
      };

      const size = (): number =>
        chunkSize !== "auto"
          ? chunkSize
          : autoChunkSize({
              unqueued: tasks.length - next,
              workers: Math.max(workers.size, workerCount),
              meanSeconds: measured === 0 ? undefined : secondsSum / measured,
            });
      const refill = async (): Promise<void> => {
        const backlog = chunkBacklog(Math.max(workers.size, workerCount), measured > 0);
        const adds: { name: string; data: JobData; opts: object }[] = [];
        const added: Task[][] = [];
        while (next < tasks.length && chunks.size < backlog && !job.signal.aborted) {
          const chunk = tasks.slice(next, next + size());
          next += chunk.length;
          const id = `${reply}-${allJobIds.length}`;
          allJobIds.push(id);
          chunks.set(id, { tasks: chunk, left: chunk.length });
          added.push(chunk);
          for (const task of chunk) pending.set(task.book._pset_id, { task, chunk: id });
          const body = JSON.stringify({
            func,
            captureLogs: job.capture !== undefined,
            reply,
            tasks: chunk,
          } satisfies ChunkBody);
          const data: JobData = { v: 1, body, ...(sign && { sig: await sign.sign("job", name, body) }) };
          adds.push({
            name: "psets",
            data,
            opts: { jobId: id, attempts, removeOnComplete: true, removeOnFail: { count: 1000 } },
          });
        }
        if (adds.length === 0) return;
        // one job (a chunk finished, the usual case) without a pipeline: BullMQ's addBulk costs the caller about
        // three times the CPU of add for it (measured: 1.0 ms against 0.35 ms)
        if (adds.length === 1) await queue.add(adds[0]!.name, adds[0]!.data, adds[0]!.opts);
        else await queue.addBulk(adds);
        for (const chunk of added) for (const task of chunk) job.onStart(task);
        report();
      };

      let reconciling = false;
      const reconcile = setInterval(() => {
        if (reconciling) return;
        reconciling = true;
        void (async () => {
          // sent at once, as they wait behind a blocking pop on the shared connection; the active list is read
          // before the jobs, so that a chunk taken since tells so itself (its worker's first item)
          const ids = [...chunks.keys()].slice(0, 200);
          const [count, taken, found] = await Promise.all([
            queue.getWorkersCount().catch(() => workerCount),
            queue.getRanges(["active"], 0, -1).then(
              (ids) => new Set(ids),
              () => undefined,
            ),
            Promise.all(ids.map((id) => Job.fromId(queue, id).catch(() => null))),
          ]);
          workerCount = count;
          ids.forEach((id, j) => {
            const job = found[j];
            if (job === undefined || job === null) {
              noticed.push([
                id,
                unsigned.has(id)
                  ? "its worker's results are not signed with this run's key: start the workers with the same key (PSWEEP_JOB_KEY or --key-file)"
                  : "the job vanished from the queue before all its outcomes came back",
              ]);
            } else if (job.finishedOn !== undefined && job.failedReason) noticed.push([id, job.failedReason]);
            else if (taken !== undefined && !taken.has(id) && active.delete(id)) report(); // its worker died
          });
        })().finally(() => (reconciling = false));
      }, RECONCILE_MS);

      // Redis 7 pops up to POP_COUNT while blocking, in one command; older servers take the rest with a second one
      let blmpop = true;
      const pop = async (): Promise<string[]> => {
        if (blmpop) {
          try {
            const popped = await results.blmpop(0.2, 1, outKey, "LEFT", "COUNT", POP_COUNT);
            return popped === null ? [] : popped[1];
          } catch (error) {
            if (!/unknown command/i.test(String((error as Error | undefined)?.message))) throw error;
            blmpop = false;
          }
        }
        const many = await results.lpop(outKey, POP_COUNT);
        if (many !== null && many.length > 0) return many;
        const one = await results.blpop(outKey, 0.2);
        return one === null ? [] : [one[1]];
      };
      // BullMQ's calls wait for a lost server forever: they give up after the time bound
      const bounded = <T>(promise: Promise<T>): Promise<T> => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(redisError(connection, lastError ?? new Error("timeout"))),
            connection.timeoutMs,
          );
        });
        return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
      };
      const badItems = new Set<string>();
      try {
        const refused = await probed;
        if (refused !== undefined) {
          lostSince = Date.now(); // no server to clean up on: the connections are dropped
          throw refused.error;
        }
        // the first chunks hold one pset each whatever the count, which comes while they are queued
        void queue.getWorkersCount().then(
          (count) => void (workerCount = count),
          () => undefined,
        );
        while ((pending.size > 0 || next < tasks.length) && !job.signal.aborted) {
          await bounded(refill());
          const seen = noticed.splice(0);
          let items: string[];
          try {
            items = await pop();
            lostSince = undefined;
          } catch (error) {
            noteError(error);
            noticed.unshift(...seen);
            if (Date.now() - lostSince! > connection.timeoutMs) throw redisError(connection, lastError);
            continue;
          }
          for (const text of items) {
            const read = await readResult(text, name, sign, (why, job) => {
              badItems.add(why);
              if (job !== undefined && chunks.has(job)) unsigned.add(job);
            });
            if (read === undefined) continue;
            workers.add(read.worker);
            if (chunks.has(read.job) && !active.has(read.job)) {
              active.add(read.job);
              report();
            }
            for (const [id, json] of read.outcomes) {
              const entry = pending.get(id);
              if (entry === undefined) continue; // not ours, or taken already
              measured++;
              secondsSum += json.seconds;
              take(entry.task, entry.chunk, outcomeFromJson(entry.task, json));
            }
          }
          // a failed job's outcomes were pushed before it failed: once the list is drained, what is missing failed
          if (items.length < POP_COUNT) {
            for (const [id, reason] of seen) {
              for (const task of chunks.get(id)?.tasks ?? [])
                if (pending.has(task.book._pset_id)) take(task, id, failure(task, reason));
            }
          } else noticed.unshift(...seen);
        }
        if (badItems.size > 0) {
          runtime.stdio.write(
            "stderr",
            `psweep: distributed: ignored ${[...badItems].join("; ")} in ${outKey} (someone else writes there?)\n`,
          );
        }
      } finally {
        clearInterval(reconcile);
        // started chunks finish on their workers; waiting ones are taken back
        if (lostSince === undefined) {
          if (job.signal.aborted)
            await bounded(Promise.all([...chunks.keys()].map((id) => queue.remove(id).catch(() => undefined)))).catch(
              () => undefined,
            );
          const cleanup = results.pipeline().del(outKey);
          for (const id of allJobIds) cleanup.del(keys.done(name, id));
          // the keys go and the connections close at once, each bounded in time
          await Promise.all([
            bounded(cleanup.exec()).catch(() => undefined),
            bounded(queue.close()).catch(() => void queue.disconnect().catch(() => undefined)),
          ]);
          results.disconnect();
        } else {
          // a lost server: drop the connections (BullMQ's close, and even its disconnect, would wait for the server)
          results.disconnect();
          void queue.disconnect().catch(() => undefined);
        }
      }
    },
  };
}
