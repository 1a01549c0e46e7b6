// Runs psets on a pool of workers of this machine: as many in flight as the
// pool has workers, each outcome reported as it arrives.

import { PsweepError } from "../errors.js";
import type { Executor } from "../run/executor.js";
import type { Outcome } from "../run/task.js";
import type { Runtime, WorkerPool } from "../runtime.js";
import { deserializeError, type FuncRef, type WorkerReply, type WorkerRequest } from "./protocol.js";

/**
 * A pool of `size` workers, started at once, each asked to load func right
 * away: so workers start and load the user's module while run() opens the
 * database and plans, and each pset goes to whichever worker is free first
 * (a slow worker holds up no pset another could run). What a warm-up finds
 * wrong (a func that cannot be loaded) comes back again with the first pset.
 * `warmedUp`: every worker has answered its warm-up.
 */
export function startPool(
  runtime: Runtime,
  size: number,
  func: FuncRef,
): { pool: WorkerPool<WorkerRequest, WorkerReply>; warmedUp: Promise<void> } {
  const pool = runtime.createWorkerPool(size) as WorkerPool<WorkerRequest, WorkerReply>;
  const warmUps = Array.from({ length: size }, () =>
    pool.run({ func, captureLogs: false, task: undefined }).catch(() => undefined),
  );
  return { pool, warmedUp: Promise.all(warmUps).then(() => undefined) };
}

export function poolExecutor(opaquePool: WorkerPool): Executor {
  // The one place the pool's messages get their types. Sound because every
  // worker runs psweep's own entry (bindings/<runtime>/worker.ts), which hands
  // each message to workerHandler and sends back what it returns.
  const pool = opaquePool as WorkerPool<WorkerRequest, WorkerReply>;
  return {
    async execute(job) {
      const func = job.funcRef();
      let next = 0;
      let setupError: Error | undefined;
      const lane = async (): Promise<void> => {
        while (next < job.tasks.length && !job.signal.aborted && setupError === undefined) {
          const task = job.tasks[next++]!;
          job.onStart(task);
          let outcome: Outcome;
          try {
            const reply = await pool.run({ func, captureLogs: job.capture !== undefined, task });
            if (reply.kind === "setup-error") {
              setupError = deserializeError(reply.error);
              return;
            }
            if (reply.kind === "ready") throw new Error("a pool worker answered a pset with ready");
            outcome = { ...reply, error: reply.error && deserializeError(reply.error) };
          } catch (error) {
            // The worker died under this pset (e.g. process.exit in func): the pset failed.
            const message = (error as Error)?.message ?? String(error);
            outcome = {
              index: task.index,
              startedAt: new Date(),
              host: job.host,
              seconds: 0,
              error: new PsweepError(`the pool worker running this pset died: ${message}`, { cause: error }),
            };
          }
          job.onOutcome(outcome);
        }
      };
      await Promise.all(Array.from({ length: Math.min(pool.size, job.tasks.length) }, lane));
      if (setupError) throw setupError;
    },
  };
}
