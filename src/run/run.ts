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
import { v4 as uuid } from "uuid";
import { PsweepError, PsweepHashError, PsweepRunError, describe } from "../errors.js";
import { psetHashes } from "../hash/psetHash.js";
import { isPlainObject } from "../isPlainObject.js";
import type { Runtime } from "../runtime.js";
import type { Pset } from "../types.js";
import { BOOK_AFTER_RESULTS, BOOK_BEFORE_RESULTS, type Role } from "../database/schema.js";
import { RowBuffer } from "../database/rowBuffer.js";
import { Store, readDatabase, withRows, type Row } from "../database/store.js";
import { basename, joinPath, resolvePath } from "../util/path.js";
import { poolExecutor } from "../pool/poolExecutor.js";
import type { FuncRef } from "../pool/protocol.js";
import { serialExecutor, type Func, type Outcome, type Task } from "./executor.js";
import { LogCapture } from "./logs.js";
import { checkRunOptions, type CheckedOptions, type RunOptions } from "./options.js";
import { backupCalcDir, prepareSimulateDir } from "./prepare.js";
import { Progress } from "./progress.js";

const BOOK = new Set<string>([...BOOK_BEFORE_RESULTS, ...BOOK_AFTER_RESULTS]);

/**
 * `caller` is the URL of the module that called run(): pool workers load it
 * to find func (see src/pool/workerFunc.ts).
 */
export async function run<P extends object>(
  runtime: Runtime, func: Func<NoInfer<P>>, params: readonly P[], options: RunOptions = {}, caller?: string,
): Promise<Table> {
  const opts = checkRunOptions(options);
  if (typeof func !== "function") throw new PsweepError(`run: func must be a function (pset) => results, got ${describe(func)}`);
  const funcRef = (): FuncRef => workerFuncRef(runtime, func, opts, caller);
  if (opts.poolsize > 1) funcRef(); // a func pool workers cannot find is an error before anything happens
  const hashes = hashParams(params as readonly Pset[]);
  if (!opts.save && opts.captureLogs?.includes("file")) {
    throw new PsweepError(`run: captureLogs "${opts.captureLogs}" writes logs.txt files, but save: false writes nothing to disk; use captureLogs: "db"`);
  }
  const psetKeys = new Set(params.flatMap((pset) => Object.keys(pset)));
  const roles = (key: string): Role => (psetKeys.has(key) ? "pset" : BOOK.has(key) ? "book" : "result");

  const repo = opts.git ? await gitReady(runtime) : undefined;
  const runId = uuid();

  if (!opts.save) {
    const base = opts.df ?? new Table();
    const tasks = plan(base, params as readonly Pset[], hashes, opts, opts.calcDir, runId);
    const { rows, failure } = await execute(runtime, func, tasks, opts, opts.calcDir, undefined, funcRef);
    if (repo !== undefined) await gitCommit(runtime, repo, runId); // func may have written files
    if (failure) throw failure;
    return withRows(base, rows, roles);
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
    const base = opts.df && !opts.simulate ? baseOf(opts.df, store) : store.table;
    if (opts.backup && !opts.simulate) await backupCalcDir(runtime, calcDir, store.table, (path) => path === store.paths.lock);
    const tasks = plan(base, params as readonly Pset[], hashes, opts, calcDir, runId);
    if (tasks.length === 0) {
      table = base;
    } else {
      await store.begin(runId, roles);
      const executed = await execute(runtime, func, tasks, opts, calcDir, store, funcRef);
      failure = executed.failure;
      table = await store.commit(base, executed.rows, roles);
    }
  } finally {
    await store.close();
  }
  // Also after a failure: the psets that finished are in the database, and in the commit.
  if (repo !== undefined) await gitCommit(runtime, repo, runId);
  if (failure) throw failure;
  return table;
}

/** With git: true, the repository around the working directory, when it is clean; else why not. */
async function gitReady(runtime: Runtime): Promise<string> {
  const cwd = runtime.cwd();
  const root = await runtime.git.root(cwd);
  if (root === undefined) {
    throw new PsweepError(`run: git: true, but ${cwd} is not in a git repository; create one (git init, then commit), or leave out git`);
  }
  const changes = await runtime.git.changes(root);
  if (changes.length > 0) {
    const shown = changes.slice(0, 5).join(", ") + (changes.length > 5 ? `, and ${changes.length - 5} more` : "");
    throw new PsweepError(
      `run: git: true, but the repository at ${root} has uncommitted changes (${shown}); commit or stash them first, ` +
        "so that the run's commit holds the run only. Nothing was run",
    );
  }
  return root;
}

/** Commits everything the run changed, when it changed anything. */
async function gitCommit(runtime: Runtime, root: string, runId: string): Promise<void> {
  if ((await runtime.git.changes(root)).length === 0) return;
  await runtime.git.commitAll(root, `psweep: ${basename(runtime.cwd())}: run_id=${runId}`);
}

/** How pool workers find func: checked here, before anything touches the disk. */
function workerFuncRef(runtime: Runtime, func: Func<never>, opts: CheckedOptions, caller: string | undefined): FuncRef {
  const source = func.toString();
  if (/\{\s*\[native code\]\s*\}$/.test(source)) {
    throw new PsweepError(`run: func ${func.name || ""} is a bound or built-in function, which pool workers cannot load; pass a plain function defined in a module`);
  }
  if (opts.funcModule !== undefined) {
    if (!func.name) throw new PsweepError("run: with funcModule, func must be a named function exported under its name from that module");
    const module = /^[a-z][a-z0-9+.-]*:/i.test(opts.funcModule) ? opts.funcModule : `file://${encodeURI(resolvePath(runtime.cwd(), opts.funcModule))}`;
    return { module, exportName: func.name, name: func.name, source };
  }
  if (caller === undefined) {
    throw new PsweepError(
      "run: poolsize needs func to come from a module file, but run() was not called from one (a REPL or eval?). " +
        "Put func in a module, export it, and pass funcModule: the URL of that module",
    );
  }
  return { module: caller, name: func.name, source };
}

/** The hashes of params, or an error naming the first pset that cannot be hashed. */
function hashParams(params: readonly Pset[]): string[] {
  if (!Array.isArray(params)) throw new PsweepError(`run: params must be an array of psets, e.g. pgrid(plist("a", [1, 2])), got ${describe(params)}`);
  params.forEach((pset, i) => {
    if (typeof pset !== "object" || pset === null || Array.isArray(pset) || !isPlainObject(pset)) {
      throw new PsweepError(`run: params[${i}] is ${describe(pset)}, not a pset (a plain object such as {a: 1})`);
    }
  });
  try {
    return psetHashes(params);
  } catch (error) {
    if (!(error instanceof PsweepHashError)) throw error;
    const i = params.findIndex((pset) => {
      try {
        psetHashes([pset]);
        return false;
      } catch {
        return true;
      }
    });
    throw new PsweepHashError(`run: params[${i}]: ${error.message}`);
  }
}

/** The database to extend when `df` is given: never one that would drop rows of the file. */
function baseOf(df: Table, store: Store): Table {
  const ids = new Set(df.getChild("_pset_id")?.toArray() as string[] | undefined);
  const onDisk = (store.table.getChild("_pset_id")?.toArray() ?? []) as string[];
  const missing = onDisk.filter((id) => !ids.has(id));
  if (missing.length > 0) {
    throw new PsweepError(
      `run: df lacks ${missing.length} of the ${onDisk.length} rows in ${store.paths.file} (e.g. _pset_id ${missing[0]}); ` +
        `saving would lose them. Extend the database read with dfRead, or pass save: false to work on df in memory only`,
    );
  }
  return onDisk.length === df.numRows ? store.table : df;
}

/** The tasks of this run: psets with their ids and sequence numbers, duplicates skipped on request. */
function plan(base: Table, params: readonly Pset[], hashes: readonly string[], opts: CheckedOptions, calcDir: string, runId: string): Task[] {
  const runSeq = maxOf(base, "_run_seq") + 1;
  const firstPsetSeq = maxOf(base, "_pset_seq") + 1;
  const known = opts.skipDups ? new Set(base.getChild("_pset_hash")?.toArray() as string[] | undefined) : new Set<string>();
  const tasks: Task[] = [];
  params.forEach((pset, i) => {
    if (known.has(hashes[i]!)) return;
    const book = { _pset_hash: hashes[i]!, _pset_id: uuid(), _run_seq: runSeq, _pset_seq: firstPsetSeq + tasks.length, _run_id: runId, _calc_dir: calcDir };
    tasks.push({ index: tasks.length, pset, book });
  });
  return tasks;
}

function maxOf(table: Table, column: string): number {
  let max = -1;
  // Per chunk, on the typed array: iterating the vector is ~100x slower on big databases.
  for (const data of table.getChild(column)?.data ?? []) {
    const values = data.values as ArrayLike<number | bigint>;
    for (let i = 0; i < data.length; i++) {
      if (data.getValid(i) && Number(values[i]) > max) max = Number(values[i]);
    }
  }
  return max;
}

/** Runs the tasks (or, simulating, only makes their rows), logging each row as it finishes. */
async function execute(
  runtime: Runtime, func: Func<never>, tasks: readonly Task[], opts: CheckedOptions, calcDir: string, store: Store | undefined,
  funcRef: () => FuncRef,
): Promise<{ rows: RowBuffer; failure: PsweepRunError | undefined }> {
  const rows = new RowBuffer();
  const host = runtime.hostname();
  if (opts.simulate) {
    for (const task of tasks) {
      const row = Object.assign({}, task.pset, task.book, { _time_utc: new Date(), _exec_host: host });
      store?.record(row);
      rows.push(row, task.index);
    }
    return { rows, failure: undefined };
  }
  const capture = opts.captureLogs ? new LogCapture(runtime) : undefined;
  const progress = opts.progress ?? runtime.stdio.isTerminal("stderr") ? new Progress(runtime.stdio, tasks.length) : undefined;
  const controller = new AbortController();
  const pending: Promise<void>[] = [];
  let failure: PsweepRunError | undefined;
  const pool = opts.poolsize > 1 ? runtime.createWorkerPool(Math.min(opts.poolsize, tasks.length)) : undefined;
  const executor = opts.executor ?? (pool ? poolExecutor(pool) : serialExecutor);
  capture?.start();
  try {
    await executor.execute({
      func, funcRef, tasks, capture, host, signal: controller.signal,
      onStart: (task) => {
        if (opts.verbose !== false) runtime.stdio.write("stdout", `${verboseLine(task, opts.verbose)}\n`);
      },
      onOutcome: (outcome) => {
        const task = tasks[outcome.index]!;
        if (outcome.error !== undefined && opts.onError === "raise") {
          failure ??= runError(task, outcome.error);
          controller.abort();
          return;
        }
        const row = rowOf(task, outcome, opts);
        store?.record(row);
        rows.push(row, outcome.index);
        if (opts.captureLogs?.includes("file")) pending.push(writeLogFile(runtime, calcDir, task, outcome.logs ?? ""));
        progress?.tick();
      },
    });
  } finally {
    capture?.stop();
    await Promise.all(pending);
    await pool?.close();
  }
  progress?.finish();
  return { rows, failure };
}

function rowOf(task: Task, outcome: Outcome, opts: CheckedOptions): Row {
  const row: Row = Object.assign({}, task.pset, task.book, { _time_utc: outcome.startedAt, _exec_host: outcome.host }, outcome.result);
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
    Object.assign({}, task.pset, task.book),
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
  const fields: Record<string, unknown> = Object.assign({}, task.pset, task.book);
  const columns = verbose === true ? Object.keys(task.pset) : verbose;
  return columns.map((column) => `${column}=${JSON.stringify(fields[column] ?? null)}`).join(" ");
}
