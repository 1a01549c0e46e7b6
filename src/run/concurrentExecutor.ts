import { PsweepError, describe } from "../errors.js";
import type { Executor } from "./executor.js";
import { invoke } from "./invoke.js";

/**
 * Up to `limit` psets at a time in this process: for funcs that mostly wait
 * (on a shell command, a server, a file). Outcomes arrive as calls finish.
 */
export function concurrentExecutor(limit: number): Executor {
  if (!Number.isInteger(limit) || limit < 1)
    throw new PsweepError(`concurrentExecutor: limit must be a positive integer, got ${describe(limit)}`);
  return {
    async execute(job) {
      let next = 0;
      const lane = async (): Promise<void> => {
        while (next < job.tasks.length && !job.signal.aborted) {
          const task = job.tasks[next++]!;
          job.onStart(task);
          job.onOutcome(await invoke(job.func, task, job));
        }
      };
      await Promise.all(Array.from({ length: Math.min(limit, job.tasks.length) }, lane));
    },
  };
}
