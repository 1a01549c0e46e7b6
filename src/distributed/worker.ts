// A distributed worker: takes psets from a BullMQ queue and runs them with
// the same worker body as local pools (src/pool/worker.ts). Start any number,
// on any machines that see the Redis server and the module that defines
// func, with `psweep worker` or startWorker().

import { importOptional } from "../util/optionalDependency.js";
import { PsweepError, describe } from "../errors.js";
import type { WorkerRequest } from "../pool/protocol.js";
import { workerHandler } from "../pool/worker.js";
import type { Runtime } from "../runtime.js";
import { connectionOptions, type RedisAddress } from "./connection.js";
import { outcomeToJson } from "./transport.js";

export interface WorkerOptions {
  connection: RedisAddress;
  queue: string;
  /** Psets run at once in this worker (async funcs overlap; CPU-bound ones want 1 per core, i.e. several workers). Default 1. */
  concurrency?: number;
  /** ms a job stays locked to this worker without renewal: after that, a worker that died is noticed and its job retried elsewhere. Default 30000. */
  lockDuration?: number;
}

export interface DistributedWorker {
  /** Finishes the jobs in progress, then stops. */
  close(): Promise<void>;
}

export async function startWorker(runtime: Runtime, options: WorkerOptions): Promise<DistributedWorker> {
  const connection = connectionOptions(options.connection);
  if (typeof options.queue !== "string" || options.queue === "") throw new PsweepError("startWorker: queue must be a non-empty name");
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new PsweepError(`startWorker: concurrency must be a positive integer, got ${describe(concurrency)}`);
  const { Worker } = await importOptional("startWorker (distributed runs)", ["bullmq", "ioredis"], () => import("bullmq"));
  const handle = workerHandler(runtime);
  const lockDuration = options.lockDuration ?? 30_000;
  const worker = new Worker(
    options.queue,
    async (job) => {
      const reply = await handle(job.data as WorkerRequest);
      // a worker that cannot load func fails the job: it is retried, maybe on a worker that can
      if (reply.kind === "setup-error") throw new Error(`${reply.error.name}: ${reply.error.message}`);
      return outcomeToJson(reply);
    },
    { connection, concurrency, lockDuration, stalledInterval: Math.max(1000, lockDuration / 2), maxStalledCount: 3 },
  );
  await worker.waitUntilReady();
  return { close: () => worker.close() };
}
