// The part of psweep that needs a runtime (files, processes, output), bound
// to one. Each binding calls createPsweep with its Runtime and exports the
// result; nothing here is global.

import type { Table } from "apache-arrow";
import { checkCalcDir, dfRead, dfWrite, type DfFormat } from "./df/dfIo.js";
import { dfFormat, type PrintOptions } from "./df/dfFormat.js";
import type { Runtime } from "./runtime.js";
import { distributed, type DistributedOptions } from "./distributed/executor.js";
import { startWorker, type DistributedWorker, type WorkerOptions } from "./distributed/startWorker.js";
import { queueStatus, type QueueStatus, type QueueStatusOptions } from "./distributed/status.js";
import type { Executor } from "./run/executor.js";
import type { Func } from "./run/task.js";
import type { RunOptions } from "./run/options.js";
import { run } from "./run/run.js";
import { prepBatch } from "./batch/prepBatch.js";
import type { PrepBatchOptions } from "./batch/options.js";
import { callerModule } from "./pool/callerModule.js";
import { offerToWorker } from "./pool/workerFunc.js";
import { fileRead, fileWrite, jsonRead, jsonWrite, system } from "./util/files.js";
import { withPathGuard } from "./util/pathGuard.js";
import { provideSyncImport } from "./arrow/loadArrow.js";

export interface Psweep {
  /** Calls func on every pset and records every call in the database; returns the database. */
  run<P extends object>(func: Func<NoInfer<P>>, params: Iterable<P>, options?: RunOptions): Promise<Table>;
  /**
   * Writes one folder per pset from template files (calc templates and each
   * machine's jobscript), through run(), and a run_<machine>.sh per machine
   * that submits them; returns the database.
   */
  prepBatch<P extends object>(params: readonly P[], options?: PrepBatchOptions): Promise<Table>;
  dfRead(path: string): Promise<Table>;
  dfWrite(path: string, df: Table, options?: { format?: DfFormat }): Promise<void>;
  /** Prints the database as an aligned table to stdout. */
  dfPrint(df: Table, options?: PrintOptions): void;
  checkCalcDir(calcDir: string, df: Table): Promise<{ dbNotDisk: string[]; diskNotDb: string[] }>;
  fileWrite(path: string, text: string): Promise<void>;
  fileRead(path: string): Promise<string>;
  jsonWrite(path: string, value: unknown): Promise<void>;
  jsonRead(path: string): Promise<unknown>;
  system(command: string, options?: { cwd?: string }): Promise<string>;
  /** An executor that runs psets on workers anywhere, through a Redis server and BullMQ. */
  distributed(options: DistributedOptions): Executor;
  /** Starts a worker for distributed runs in this process (what `psweep worker` does). */
  startWorker(options: WorkerOptions): Promise<DistributedWorker>;
  /** Jobs of a distributed queue by state, and its workers (what `psweep queue` shows). */
  queueStatus(options: QueueStatusOptions): Promise<QueueStatus>;
}

export function createPsweep(runtime: Runtime): Psweep {
  provideSyncImport(runtime.importSync);
  return bind(withPathGuard(runtime));
}

function bind(runtime: Runtime): Psweep {
  return {
    run: function runBound(func, params, options) {
      return offerToWorker(func) ?? run(runtime, func, params, options, callerModule(runBound));
    },
    prepBatch: (params, options) => prepBatch(runtime, params, options),
    dfRead: (path) => dfRead(runtime, path),
    dfWrite: (path, df, options) => dfWrite(runtime, path, df, options),
    // Through console, like any output of the program: captureLogs and redirections see it.
    dfPrint: (df, options) => console.log(dfFormat(df, options).replace(/\n$/, "")),
    checkCalcDir: (calcDir, df) => checkCalcDir(runtime, calcDir, df),
    fileWrite: (path, text) => fileWrite(runtime, path, text),
    fileRead: (path) => fileRead(runtime, path),
    jsonWrite: (path, value) => jsonWrite(runtime, path, value),
    jsonRead: (path) => jsonRead(runtime, path),
    system: (command, options) => system(runtime, command, options),
    distributed: (options) => distributed(runtime, options),
    startWorker: (options) => startWorker(runtime, options),
    queueStatus: (options) => queueStatus(runtime, options),
  };
}
