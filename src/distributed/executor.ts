// Runs psets on any number of machines through an existing engine: a Redis
// server and BullMQ. Each pset becomes a job (its _pset_id is the job id, so
// it is queued once); workers started anywhere take jobs, load func by
// module as local pool workers do, and return the outcome. Results come back
// here, into this process' database, as they finish.

import { importOptional } from "../util/optionalDependency.js";
import { PsweepError } from "../errors.js";
import type { Executor, Outcome, Task } from "../run/executor.js";
import type { WorkerRequest } from "../pool/protocol.js";
import { connectionOptions, type RedisAddress } from "./connection.js";
import { outcomeFromJson, type OutcomeJson } from "./transport.js";

export interface DistributedOptions {
  /** The Redis server: "redis://host:port" or {host, port}. */
  connection: RedisAddress;
  /** Name of the BullMQ queue the workers take jobs from. */
  queue: string;
  /** How often a job is tried when its worker dies or cannot load func. Default 3. */
  attempts?: number;
}

/** How often outstanding jobs are looked up directly, in case a completion event was missed. */
const RECONCILE_MS = 2000;

export function distributed(options: DistributedOptions): Executor {
  const connection = connectionOptions(options.connection);
  if (typeof options.queue !== "string" || options.queue === "") throw new PsweepError("distributed: queue must be a non-empty name");
  const attempts = options.attempts ?? 3;
  return {
    async execute(job) {
      const func = job.funcRef();
      const { Job, Queue, QueueEvents } = await importOptional("distributed()", ["bullmq", "ioredis"], () => import("bullmq"));
      const queue = new Queue(options.queue, { connection });
      const events = new QueueEvents(options.queue, { connection });
      const pending = new Map<string, Task>(job.tasks.map((task) => [task.book._pset_id, task]));
      let settle: () => void = () => {};
      const allDone = new Promise<void>((resolve) => (settle = resolve));
      const finish = (jobId: string, outcome: (task: Task) => Outcome): void => {
        const task = pending.get(jobId);
        if (task === undefined) return; // not ours, or seen already
        pending.delete(jobId);
        job.onOutcome(outcome(task));
        void queue.remove(jobId).catch(() => undefined);
        if (pending.size === 0) settle();
      };
      const failed = (task: Task, reason: string): Outcome => ({
        index: task.index, startedAt: new Date(), host: "?", seconds: 0,
        error: new PsweepError(`the distributed job of this pset failed on its worker: ${reason}`),
      });
      events.on("completed", ({ jobId, returnvalue }) => finish(jobId, () => outcomeFromJson(returnvalue as unknown as OutcomeJson)));
      events.on("failed", ({ jobId, failedReason }) => finish(jobId, (task) => failed(task, failedReason)));
      const reconcile = setInterval(() => {
        for (const id of [...pending.keys()].slice(0, 500)) {
          void Job.fromId(queue, id).then((found) => {
            if (found?.finishedOn === undefined) return;
            if (found.returnvalue) finish(id, () => outcomeFromJson(found.returnvalue as OutcomeJson));
            else if (found.failedReason) finish(id, (task) => failed(task, found.failedReason));
          }, () => undefined);
        }
      }, RECONCILE_MS);
      const abort = (): void => {
        // started jobs finish on their workers; waiting ones are taken back
        for (const id of pending.keys()) void queue.remove(id).catch(() => undefined);
        settle();
      };
      job.signal.addEventListener("abort", abort);
      try {
        await events.waitUntilReady(); // listening before the first job can finish
        if (pending.size === 0) settle();
        for (let first = 0; first < job.tasks.length && !job.signal.aborted; first += 1000) {
          const chunk = job.tasks.slice(first, first + 1000);
          await queue.addBulk(
            chunk.map((task) => {
              const data: WorkerRequest = { func, captureLogs: job.capture !== undefined, task };
              return { name: "pset", data, opts: { jobId: task.book._pset_id, attempts, removeOnComplete: false, removeOnFail: false } };
            }),
          );
          for (const task of chunk) job.onStart(task);
        }
        await allDone;
      } finally {
        clearInterval(reconcile);
        job.signal.removeEventListener("abort", abort);
        await events.close();
        await queue.close();
      }
    },
  };
}
