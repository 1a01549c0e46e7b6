import type { Executor } from "./executor.js";
import { invoke } from "./invoke.js";

/** The default: one pset after the other, in this process. */
export const serialExecutor: Executor = {
  async execute(job) {
    for (const task of job.tasks) {
      if (job.signal.aborted) return;
      job.onStart(task);
      const outcome = invoke(job.func, task, job);
      job.onOutcome(outcome instanceof Promise ? await outcome : outcome);
    }
  },
};
