// How psets get run: one small interface, so that local pools and
// distributed engines plug into run() the same way. An executor calls
// `func` on each task (in this process, in workers or on other machines)
// and reports each outcome as soon as it is known, in any order.

import type { LogCapture } from "./logs.js";
import type { FuncRef } from "../pool/protocol.js";
import type { Func, Outcome, Task } from "./task.js";

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
