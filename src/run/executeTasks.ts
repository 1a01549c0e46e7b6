// The execute stage of run(): the executor calls func on each task, a window
// of tasks at a time; each finished row goes to the write-ahead log at once,
// logs to their files, and progress to the terminal.

import { PsweepRunError } from "../errors.js";
import { RowBuffer, type NewRow } from "../database/rowBuffer.js";
import type { RoleOf } from "../database/schema.js";
import type { Store } from "../database/store.js";
import { poolExecutor } from "../pool/poolExecutor.js";
import type { FuncRef } from "../pool/protocol.js";
import type { Runtime, WorkerPool } from "../runtime.js";
import { joinPath } from "../util/path.js";
import { assignOwn, ownValue } from "../util/ownKeys.js";
import type { Executor } from "./executor.js";
import { serialExecutor } from "./serialExecutor.js";
import type { Func, Outcome, Task } from "./task.js";
import { LogCapture } from "./logs.js";
import type { CheckedOptions } from "./options.js";
import type { PlannedWindow } from "../database/plannedWindow.js";
import { Progress } from "./progress.js";

/** What the execute stage needs to know of a run, and where its rows go. */
export interface Execution {
  readonly func: Func<never>;
  /** How workers elsewhere find func (see ExecuteJob.funcRef). */
  readonly funcRef: () => FuncRef;
  /** How many tasks the run has, in all its windows. */
  readonly total: number;
  /** Psets skipped as duplicates: the progress display counts them. */
  readonly skipped: number;
  /** Where each pset's logs.txt goes. */
  readonly calcDir: string;
  /** Logs each row as it finishes; undefined with save: false. */
  readonly store: Store | undefined;
  readonly runId: string;
  readonly roleOf: RoleOf;
  /** The run's local pool (poolsize): undefined when fewer than two psets run (see RunPool). */
  readonly pool: WorkerPool | undefined;
}

/**
 * The execute stage, for the whole run: the progress display, log capture
 * and the worker pool are set up once, then each window of tasks is run
 * (or, simulating, only made into rows), each row logged as it finishes.
 */
export class Executing {
  private readonly host: string;
  private readonly progress: Progress | undefined;
  private readonly capture: LogCapture | undefined;
  private readonly executor: Executor;

  constructor(
    private readonly runtime: Runtime,
    private readonly opts: CheckedOptions,
    private readonly run: Execution,
  ) {
    this.host = runtime.hostname();
    const working = run.total > 0 && !opts.simulate;
    // With every pset skipped only the summary is shown, and it says so (when progress is on).
    this.progress = opts.simulate ? undefined : progressOf(runtime, opts, run.total, run.skipped);
    this.capture = working && opts.captureLogs ? new LogCapture(runtime) : undefined;
    this.executor = opts.executor ?? (working && run.pool ? poolExecutor(run.pool) : serialExecutor);
    if (working) {
      // Progress first: output that capture passes on (outside psets) reaches it.
      this.progress?.start();
      this.capture?.start();
    }
  }

  /**
   * Runs one window of tasks (numbered on from the windows before), logging
   * each row as it finishes. The serial executor gets the window a slice of
   * tasks at a time, each made as its slice starts, so that no task outlives
   * its slice (see plannedWindow.ts); with nothing running in parallel, a
   * slice's end waits for nothing. Other executors get the whole window.
   */
  async execute(window: PlannedWindow): Promise<{ rows: RowBuffer; failure: PsweepRunError | undefined }> {
    const { runtime, opts, progress, host } = this;
    const { func, funcRef, calcDir, store, runId, roleOf } = this.run;
    const rows = new RowBuffer(window);
    await store?.begin(runId, roleOf, window, this.run.total);
    if (opts.simulate) {
      for (let k = 0; k < window.length; k++) {
        const task = window.at(k);
        const tail = { _time_utc: new Date(), _exec_host: host };
        store?.record(task, tail);
        rows.push(task, tail, task.index);
      }
      return { rows, failure: undefined };
    }
    const controller = new AbortController();
    const pending: Promise<void>[] = [];
    let failure: PsweepRunError | undefined;
    /** Why a row could not be logged (a full disk): the run stops, and the rows logged before are kept. */
    let logFailure: unknown;
    const slice = this.executor === serialExecutor ? SERIAL_SLICE : window.length;
    try {
      for (let from = 0; from < window.length && !controller.signal.aborted; from += slice) {
        const tasks = window.tasks(from, Math.min(window.length, from + slice));
        const first = window.first + from;
        await this.executor.execute({
          func,
          funcRef,
          tasks,
          capture: this.capture,
          host,
          signal: controller.signal,
          onStart: (task) => {
            if (opts.verbose !== false) {
              const line = `${verboseLine(task, opts.verbose)}\n`;
              if (progress) progress.print("stdout", line);
              else runtime.stdio.write("stdout", line);
            }
          },
          onOutcome: (outcome) => {
            const task = tasks[outcome.index - first]!;
            if (outcome.error !== undefined && opts.onError === "raise") {
              failure ??= runError(task, outcome.error);
              controller.abort();
              return;
            }
            if (logFailure !== undefined) return;
            const tail = tailOf(outcome, opts);
            try {
              store?.record(task, tail);
            } catch (error) {
              logFailure = error;
              controller.abort();
              return;
            }
            rows.push(task, tail, outcome.index);
            if (opts.captureLogs?.includes("file"))
              pending.push(writeLogFile(runtime, calcDir, task, outcome.logs ?? ""));
            progress?.tick(outcome.error !== undefined);
          },
          onQueue: (running, waiting) => progress?.queue(running, waiting),
        });
      }
    } finally {
      await Promise.all(pending);
    }
    if (logFailure !== undefined) throw logFailure;
    return { rows, failure };
  }

  /**
   * Ends the stage: the display with its summary, capture (the pool is
   * run()'s, which closes it). Also after an error; `stopped`: the run ended
   * early (a failure with onError "raise", an executor's error, a full disk).
   */
  finish(stopped: boolean): void {
    this.capture?.stop();
    this.progress?.finish(stopped);
  }
}

/**
 * Tasks per slice of a serial run: made and dropped within a few
 * milliseconds, so that they die young instead of outliving two scavenges
 * and being promoted. Measured over a grid() of 10^6 trivial psets
 * (--trace-gc-nvp, twice each): promoted 205-207 MB with the whole window of
 * 12,288 as one slice, 36-54 MB with 1,024; scavenge pauses about halved.
 */
const SERIAL_SLICE = 1024;

/** The run's progress display, when it is on (option progress; by default when stderr is a terminal). */
function progressOf(runtime: Runtime, opts: CheckedOptions, total: number, skipped: number): Progress | undefined {
  return (opts.progress ?? runtime.stdio.isTerminal("stderr"))
    ? new Progress(runtime.stdio, total, skipped)
    : undefined;
}

/** The cells a call adds to its task's pset and book: the rest of its row. */
function tailOf(outcome: Outcome, opts: CheckedOptions): NewRow {
  const row: NewRow = { _time_utc: outcome.startedAt, _exec_host: outcome.host };
  if (outcome.result !== undefined) assignOwn(row, outcome.result);
  if (opts.onError === "record") {
    row._failed = outcome.error !== undefined;
    row._exc_txt = outcome.error === undefined ? null : errorText(outcome.error);
  }
  if (opts.captureLogs?.includes("db")) row._logs = outcome.logs ?? "";
  row._pset_runtime = outcome.seconds;
  return row;
}

function runError(task: Task, error: unknown): PsweepRunError {
  const message = error instanceof Error ? error.message : String(error);
  return new PsweepRunError(
    `func failed on params[${task.index}] ${JSON.stringify(task.pset)} (_pset_id ${task.book._pset_id}): ${message}. ` +
      `Every pset that finished before is in the database; pass onError: "record" to keep going past failures`,
    assignOwn({}, task.pset, task.book),
    { cause: error },
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
}

async function writeLogFile(runtime: Runtime, calcDir: string, task: Task, logs: string): Promise<void> {
  const dir = joinPath(calcDir, task.book._pset_id);
  await runtime.fs.mkdir(dir);
  await runtime.fs.writeFile(joinPath(dir, "logs.txt"), logs);
}

function verboseLine(task: Task, verbose: true | readonly string[]): string {
  const fields: Record<string, unknown> = assignOwn({}, task.pset, task.book);
  const columns = verbose === true ? Object.keys(task.pset) : verbose;
  return columns.map((column) => `${column}=${JSON.stringify(ownValue(fields, column) ?? null)}`).join(" ");
}
