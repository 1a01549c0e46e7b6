// How psets get run: one small interface, so that local pools and
// distributed engines plug into run() the same way. An executor calls
// `func` on each task (in this process, in workers or on other machines)
// and reports each outcome as soon as it is known, in any order.

import { PsweepError, describe } from "../errors.js";
import type { Pset } from "../types.js";
import type { LogCapture } from "./logs.js";
import type { FuncRef } from "../pool/protocol.js";
import { invoke } from "./invoke.js";

/** The function run() calls: a pset with its book-keeping fields in, a plain object of results out. */
export type Func<P extends object = Pset> = (pset: P & BookKeeping) => object | Promise<object>;

/** The book-keeping fields `func` finds in its pset. */
// A type literal, not an interface, so that it fits Record<string, unknown>.
export type BookKeeping = {
  readonly _pset_hash: string;
  readonly _pset_id: string;
  readonly _run_seq: number;
  readonly _pset_seq: number;
  readonly _run_id: string;
  readonly _calc_dir: string;
  readonly _time_utc: Date;
  readonly _exec_host: string;
};

/** The book-keeping fields a pset gets before it runs (the last two come with the call). */
export type Book = Omit<BookKeeping, "_time_utc" | "_exec_host">;

export interface Task {
  /** Position in this run's params: outcomes are put back in this order. */
  readonly index: number;
  /** The pset as the caller gave it (never changed). */
  readonly pset: Readonly<Record<string, unknown>>;
  readonly book: Book;
}

export interface Outcome {
  readonly index: number;
  /** What func returned (checked: a plain object), when it succeeded. */
  readonly result?: Record<string, unknown>;
  /** What func threw, or why its return value was refused. */
  readonly error?: unknown;
  /** When the call started, and where it ran. */
  readonly startedAt: Date;
  readonly host: string;
  /** Seconds spent in func. */
  readonly seconds: number;
  /** Everything func printed, when logs are captured. */
  readonly logs?: string;
}

export interface ExecuteJob {
  readonly func: Func<never>;
  /**
   * How a worker elsewhere (a thread, another machine) finds func: by module.
   * Throws, saying what to do, when func cannot be found that way.
   */
  funcRef(): FuncRef;
  readonly tasks: readonly Task[];
  /** Capture each pset's output (undefined: leave output alone). */
  readonly capture: LogCapture | undefined;
  readonly host: string;
  /** Aborted when the run stops early (onError "raise"): start no further tasks. */
  readonly signal: AbortSignal;
  /** Called as a task starts. */
  onStart(task: Task): void;
  onOutcome(outcome: Outcome): void;
  /** Executors that queue psets say how many of those not done are running and how many wait (shown in progress). */
  onQueue(running: number, waiting: number): void;
}

export interface Executor {
  /** Runs the job's tasks; resolves when every started task has reported. */
  execute(job: ExecuteJob): Promise<void>;
}

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

/**
 * Up to `limit` psets at a time in this process: for funcs that mostly wait
 * (on a shell command, a server, a file). Outcomes arrive as calls finish.
 */
export function concurrentExecutor(limit: number): Executor {
  if (!Number.isInteger(limit) || limit < 1) throw new PsweepError(`concurrentExecutor: limit must be a positive integer, got ${describe(limit)}`);
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
