// run()'s options, checked before anything touches the disk.

import type { Table } from "apache-arrow";
import { isTable } from "../arrow/isTable.js";
import { PsweepError, describe } from "../errors.js";
import { readOptions } from "../util/optionReader.js";
import type { Executor } from "./executor.js";

export type CaptureLogs = "db" | "file" | "db+file";

/** What run() returns: see RunOptions.returnTable. */
export type ReturnTable = "all" | "new" | "none";

export interface RunOptions {
  /** Where the database and the per-pset folders live. Default "calc". */
  calcDir?: string;
  /** File name of the database in calcDir. Default "database.arrow". */
  databaseBasename?: string;
  /** Write the database. false writes nothing at all to disk. Default true. */
  save?: boolean;
  /** Append to this in-memory database instead of the one on disk. */
  df?: Table;
  /** Skip psets whose hash is already in the database. Default false. */
  skipDups?: boolean;
  /** Run in a copy of the database in `<calcDir>.simulate/` without calling func. Default false. */
  simulate?: boolean;
  /** Copy calcDir to `<calcDir>.bak_<time>_run_id_<id>` before running. Default false. */
  backup?: boolean;
  /**
   * Commit the run to git: refuse to start outside a repository or with
   * uncommitted changes; afterwards commit everything that changed as
   * "psweep: <basename of cwd>: run_id=<_run_id>". Default false.
   */
  git?: boolean;
  /** Run on this many workers of this machine (worker threads; func is found by module, see funcModule). */
  poolsize?: number;
  /**
   * For poolsize and distributed executors: the module (URL or path) that
   * exports func under its name. Default: the module that called run(),
   * which workers load to find func.
   */
  funcModule?: string | URL;
  /** Run with this executor (default: one pset after the other, here). */
  executor?: Executor;
  /** Route each pset's stdout and stderr to the `_logs` column and/or `<calcDir>/<_pset_id>/logs.txt`. */
  captureLogs?: CaptureLogs;
  /** "raise" (default): stop at the first error, after saving every finished pset. "record": keep going, mark failed rows. */
  onError?: "raise" | "record";
  /** Progress bar on stderr. Default: on when stderr is a terminal. */
  progress?: boolean;
  /** Print each pset as it starts: true for its parameters, or the columns to print. */
  verbose?: boolean | readonly string[];
  /** Give up waiting for another run on the same database after this many ms. Default: wait. */
  lockTimeout?: number;
  /**
   * What run() returns: "all" (default) every row of the database, as
   * Python's psweep does; "new" only the rows this run added, so that a
   * run's cost follows its own rows however big the database (read the
   * rest with dfRead when needed); "none" no rows, only the database's
   * columns (an empty table), for huge sweeps whose rows would not fit in
   * memory at once.
   */
  returnTable?: ReturnTable;
}

export interface CheckedOptions {
  readonly calcDir: string;
  readonly databaseBasename: string;
  readonly save: boolean;
  readonly df: Table | undefined;
  readonly skipDups: boolean;
  readonly simulate: boolean;
  readonly backup: boolean;
  readonly git: boolean;
  readonly executor: Executor | undefined;
  readonly poolsize: number;
  readonly funcModule: string | undefined;
  readonly captureLogs: CaptureLogs | undefined;
  readonly onError: "raise" | "record";
  readonly progress: boolean | undefined;
  readonly verbose: boolean | readonly string[];
  readonly lockTimeout: number | undefined;
  readonly returnTable: ReturnTable;
}

const NAMES = [
  "calcDir",
  "databaseBasename",
  "save",
  "df",
  "skipDups",
  "simulate",
  "backup",
  "git",
  "poolsize",
  "funcModule",
  "executor",
  "captureLogs",
  "onError",
  "progress",
  "verbose",
  "lockTimeout",
  "returnTable",
] as const;

export function checkRunOptions(options: unknown): CheckedOptions {
  const read = readOptions("run", options, NAMES);
  const o = read.raw;
  const databaseBasename = read.fileName("databaseBasename", "database.arrow");
  const df = o.df;
  if (df !== undefined && !isTable(df))
    throw new PsweepError(
      `run: option df must be an apache-arrow Table (what run() and dfRead() return), got ${describe(df)}`,
    );
  const poolsize = o.poolsize;
  if (poolsize !== undefined && (typeof poolsize !== "number" || !Number.isInteger(poolsize) || poolsize < 1)) {
    throw new PsweepError(`run: option poolsize must be a positive integer, got ${describe(poolsize)}`);
  }
  if (poolsize !== undefined && o.executor !== undefined) {
    throw new PsweepError("run: give either poolsize or executor, not both (poolsize: n is the local pool executor)");
  }
  const funcModule = o.funcModule;
  if (funcModule !== undefined && typeof funcModule !== "string" && !(funcModule instanceof URL)) {
    throw new PsweepError(
      `run: option funcModule must be the URL or path of the module exporting func (e.g. import.meta.url), got ${describe(funcModule)}`,
    );
  }
  if (funcModule !== undefined && poolsize === undefined && o.executor === undefined) {
    throw new PsweepError("run: option funcModule tells workers where func is; it goes with poolsize or an executor");
  }
  const executor = o.executor;
  if (
    executor !== undefined &&
    (typeof executor !== "object" || executor === null || typeof (executor as Executor).execute !== "function")
  ) {
    throw new PsweepError(
      `run: option executor must be an Executor (an object with an execute(job) method), got ${describe(executor)}`,
    );
  }
  const verbose = o.verbose;
  if (
    verbose !== undefined &&
    typeof verbose !== "boolean" &&
    !(Array.isArray(verbose) && verbose.every((c) => typeof c === "string"))
  ) {
    throw new PsweepError(
      `run: option verbose must be true, false or a list of column names, got ${describe(verbose)}`,
    );
  }
  const lockTimeout = o.lockTimeout;
  if (lockTimeout !== undefined && (typeof lockTimeout !== "number" || !(lockTimeout >= 0))) {
    throw new PsweepError(
      `run: option lockTimeout must be a number of milliseconds >= 0, got ${describe(lockTimeout)}`,
    );
  }
  const progress = o.progress;
  if (progress !== undefined && typeof progress !== "boolean")
    throw new PsweepError(`run: option progress must be true or false, got ${describe(progress)}`);

  return {
    calcDir: read.path("calcDir", "calc"),
    databaseBasename,
    save: read.bool("save", true),
    df: df as Table | undefined,
    skipDups: read.bool("skipDups", false),
    simulate: read.bool("simulate", false),
    backup: read.bool("backup", false),
    git: read.bool("git", false),
    executor: executor as Executor | undefined,
    poolsize: (poolsize as number | undefined) ?? 1,
    funcModule: funcModule === undefined ? undefined : String(funcModule),
    captureLogs: read.oneOf("captureLogs", ["db", "file", "db+file"] as const),
    onError: read.oneOf("onError", ["raise", "record"] as const) ?? "raise",
    progress: progress as boolean | undefined,
    verbose: (verbose as boolean | readonly string[] | undefined) ?? false,
    lockTimeout: lockTimeout as number | undefined,
    returnTable: read.oneOf("returnTable", ["all", "new", "none"] as const) ?? "all",
  };
}
