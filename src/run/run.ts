// run(func, params, options): call func on every pset and record every call
// in the database. The stages, each in its own module:
//
//   check     options and params, before anything touches the disk
//   open      the database (lock, recovery), simulate copy, backup
//   plan      ids, sequence numbers, skipDups
//   execute   the executor calls func; each finished row goes to the
//             write-ahead log at once
//   commit    the rows are appended to database.arrow; the table is returned

import { Table } from "apache-arrow";
import { randomUuid as uuid } from "../util/randomUuids.js";
import { PsweepError, describe, type PsweepRunError } from "../errors.js";
import { BOOK_AFTER_RESULTS, BOOK_BEFORE_RESULTS, checkCanExtend, type Role } from "../database/schema.js";
import { RowBuffer } from "../database/rowBuffer.js";
import { Store, readDatabase, withRows } from "../database/store.js";
import { workerFuncRef } from "../pool/funcRef.js";
import type { FuncRef } from "../pool/protocol.js";
import type { Runtime } from "../runtime.js";
import { joinPath } from "../util/path.js";
import { execute, progressOf } from "./execute.js";
import type { Func } from "./executor.js";
import { gitCommit, gitReady } from "./git.js";
import { checkRunOptions, type CheckedOptions, type RunOptions } from "./options.js";
import { plan, psetSource } from "./plan.js";
import { backupCalcDir, prepareSimulateDir } from "./prepare.js";

const BOOK = new Set<string>([...BOOK_BEFORE_RESULTS, ...BOOK_AFTER_RESULTS]);

/**
 * `caller` is the URL of the module that called run(): pool workers load it
 * to find func (see src/pool/workerFunc.ts).
 */
export async function run<P extends object>(
  runtime: Runtime, func: Func<NoInfer<P>>, params: Iterable<P>, options: RunOptions = {}, caller?: string,
): Promise<Table> {
  const opts = checkRunOptions(options);
  if (typeof func !== "function") throw new PsweepError(`run: func must be a function (pset) => results, got ${describe(func)}`);
  const funcRef = (): FuncRef => workerFuncRef(runtime, func, opts, caller);
  if (opts.poolsize > 1) funcRef(); // a func pool workers cannot find is an error before anything happens
  const psets = psetSource(params);
  if (!opts.save && opts.captureLogs?.includes("file")) {
    throw new PsweepError(`run: captureLogs "${opts.captureLogs}" writes logs.txt files, but save: false writes nothing to disk; use captureLogs: "db"`);
  }
  const psetKeys = psets.keys;
  const roles = (key: string): Role => (psetKeys.has(key) ? "pset" : BOOK.has(key) ? "book" : "result");

  const repo = opts.git ? await gitReady(runtime) : undefined;
  const runId = uuid();

  if (!opts.save) {
    const base = opts.df ?? new Table();
    checkCanExtend(base.schema, "df");
    const tasks = plan(base, psets, opts, opts.calcDir, runId);
    const { rows, failure } = await execute(runtime, func, tasks, opts, opts.calcDir, undefined, funcRef, psets.length - tasks.length);
    if (repo !== undefined) await gitCommit(runtime, repo, runId); // func may have written files
    if (failure) throw failure;
    const table = withRows(base, rows, roles);
    return opts.returnTable === "all" ? table : new Table(table.schema, rows.length === 0 ? [] : table.batches.slice(-1));
  }

  let calcDir = opts.calcDir;
  if (opts.simulate) {
    const real = opts.df ?? (await readDatabase(runtime, joinPath(calcDir, opts.databaseBasename)));
    calcDir = await prepareSimulateDir(runtime, calcDir, opts.databaseBasename, real);
  }
  const store = await Store.open(runtime, joinPath(calcDir, opts.databaseBasename), { lockTimeoutMs: opts.lockTimeout, purpose: `run ${runId}` });
  let table: Table;
  let failure: PsweepRunError | undefined;
  try {
    // undefined: the file as it is, of which only the columns the plan needs are read.
    const base = opts.df && !opts.simulate ? await baseOf(opts.df, store) : undefined;
    checkCanExtend(base?.schema ?? store.schema, store.paths.file);
    if (opts.backup && !opts.simulate) {
      await backupCalcDir(runtime, calcDir, await store.columns(["_time_utc", "_run_id"]), (path) => path === store.paths.lock);
    }
    const planned = base ?? (await store.columns(["_run_seq", "_pset_seq", ...(opts.skipDups ? ["_pset_hash"] : [])]));
    const tasks = plan(planned, psets, opts, calcDir, runId);
    if (tasks.length === 0) nothingToRun(runtime, opts, psets.length);
    else await store.begin(runId, roles, tasks);
    const executed = tasks.length === 0 ? undefined : await execute(runtime, func, tasks, opts, calcDir, store, funcRef, psets.length - tasks.length);
    failure = executed?.failure;
    table = await store.commit(base, executed?.rows ?? new RowBuffer(), roles, opts.returnTable);
  } finally {
    await store.close();
  }
  // Also after a failure: the psets that finished are in the database, and in the commit.
  if (repo !== undefined) await gitCommit(runtime, repo, runId);
  if (failure) throw failure;
  return table;
}

/** Every pset was skipped: the summary says so (when progress is on). */
function nothingToRun(runtime: Runtime, opts: CheckedOptions, skipped: number): void {
  if (!opts.simulate) progressOf(runtime, opts, 0, skipped)?.finish();
}

/** The database to extend when `df` is given: never one that would drop rows of the file. */
async function baseOf(df: Table, store: Store): Promise<Table | undefined> {
  const ids = new Set(df.getChild("_pset_id")?.toArray() as string[] | undefined);
  const onDisk = ((await store.columns(["_pset_id"])).getChild("_pset_id")?.toArray() ?? []) as string[];
  const missing = onDisk.filter((id) => !ids.has(id));
  if (missing.length > 0) {
    throw new PsweepError(
      `run: df lacks ${missing.length} of the ${onDisk.length} rows in ${store.paths.file} (e.g. _pset_id ${missing[0]}); ` +
        `saving would lose them. Extend the database read with dfRead, or pass save: false to work on df in memory only`,
    );
  }
  return onDisk.length === df.numRows ? undefined : df;
}
