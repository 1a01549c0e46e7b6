// run(func, params, options): call func on every pset and record every call
// in the database. The stages, in this order:
//
//   check     options, func, params and git, before anything touches the
//             disk (checkRun.ts)
//   open      the database: lock, recovery, simulate copy, backup; with
//             save: false no file, only df in memory (runDatabase.ts)
//   plan      ids, sequence numbers, skipDups (plan.ts)
//   execute   the executor calls func; each finished row goes to the
//             write-ahead log at once (executeTasks.ts)
//   commit    the rows are appended to database.arrow, or with save: false
//             added to df in memory (runDatabase.ts)
//
// Plan, execute and commit go a window of psets at a time, so that memory
// does not grow with the number of psets: only one window's tasks and rows
// live at once, and each window's rows are in the file before the next
// window is planned. The run stays one run: one _run_id and _run_seq,
// _pset_seq going on across windows, one progress display, one pool, one
// git commit. A process killed mid-window leaves that window's finished rows
// in its log (the next run adds them) and the windows before in the file.
// Last, the table is returned (option returnTable).

import type { Table } from "apache-arrow";
import type { PsweepRunError } from "../errors.js";
import { randomUuid } from "../util/randomUuids.js";
import type { Runtime } from "../runtime.js";
import { loadArrow } from "../arrow/loadArrow.js";
import { checkRun, type CheckedRun } from "./checkRun.js";
import { RunPool } from "../pool/warmPool.js";
import { Executing } from "./executeTasks.js";
import { gitCommit } from "./git.js";
import type { RunOptions } from "./options.js";
import { plan } from "./plan.js";
import { Commit, openDatabase, planBase } from "./runDatabase.js";
import type { Func } from "./task.js";

/**
 * Psets per window: 12,288 (3 * 2^12). What each window costs once (its log
 * file, the append to the database file with its syncs and footer: two
 * fdatasyncs and two fsyncs, ~1 ms here) is spread over enough psets to
 * cost little per pset, and a run of 10^4 psets is one window. Below 2^14 on
 * purpose: V8 puts an array of 16,384 or more elements (a window's tasks,
 * its rows' parts, each column gathered) in its large-object space, where
 * filling it costs ~20 times as much per element (measured on Node 20: 77 ns
 * against 3.4 ns per element for 16,384 and 16,370 elements), and an array
 * grown by push reaches 16,384 slots after 14,021 elements. Measured over a
 * grid() of 10^6 trivial psets: peak RSS 175-200 MB (2^13 and 2^14 psets per
 * window alike), 470 MB with 2^16 (the engine lets its heap grow to a
 * multiple of what is live). An object so that tests can lower it to cross
 * window boundaries with a few psets.
 */
export const WINDOW = { size: 3 << 12 };

/**
 * `caller` is the URL of the module that called run(): pool workers load it
 * to find func (see src/pool/workerFunc.ts).
 */
export async function run<P extends object>(
  runtime: Runtime,
  func: Func<NoInfer<P>>,
  params: Iterable<P>,
  options: RunOptions = {},
  caller?: string,
): Promise<Table> {
  // Loads while the arguments are checked; awaited before anything touches a table.
  const arrowReady = loadArrow();
  arrowReady.catch(() => undefined);
  const { opts, psets, funcRef, roleOf, repo } = await checkRun(runtime, func, params, options, caller);
  const pool = new RunPool(runtime, opts.simulate || opts.executor ? 1 : opts.poolsize, funcRef);
  // Without skipDups every pset runs, so the pool starts now, and its workers
  // load func while the database is opened and the run planned. With
  // skipDups it starts once the plan has counted the psets that run.
  if (!opts.skipDups) pool.take(psets.length);
  let endedWell = false;
  try {
    await arrowReady;
    const table = await runChecked(runtime, func, { opts, psets, funcRef, roleOf, repo }, pool);
    endedWell = true;
    return table;
  } finally {
    await pool.release(endedWell);
  }
}

async function runChecked(
  runtime: Runtime,
  func: Func<never>,
  { opts, psets, funcRef, roleOf, repo }: CheckedRun,
  pool: RunPool,
): Promise<Table> {
  const runId = randomUuid();
  const database = await openDatabase(runtime, opts, runId);
  let table: Table | undefined;
  let failure: PsweepRunError | undefined;
  try {
    const { store, calcDir } = database;
    const planned = plan(await planBase(database, opts), psets, calcDir, runId);
    const commit = new Commit(database, roleOf, opts.returnTable);
    const executing = new Executing(runtime, opts, {
      func,
      funcRef,
      total: planned.total,
      skipped: planned.skipped,
      calcDir,
      store,
      runId,
      roleOf,
      pool: pool.take(planned.total),
    });
    // One window per call, so that nothing of a window outlives it: V8 keeps
    // the registers of a suspended async function, a loop variable included,
    // so a window's tasks and rows held here stayed alive while the next
    // window ran (measured: twice the live heap, and a peak RSS that grew
    // with it).
    const windows = planned.windows(WINDOW.size);
    const nextWindow = async (): Promise<"done" | PsweepRunError | undefined> => {
      const next = windows.next();
      if (next.done) return "done";
      const executed = await executing.execute(next.value);
      // Saving, also after a failure: the rows of the psets that finished are kept. In memory there is nothing to keep.
      if (store !== undefined || executed.failure === undefined) await commit.add(executed.rows);
      return executed.failure;
    };
    let stopped = true;
    try {
      for (let step = await nextWindow(); step !== "done"; step = await nextWindow()) {
        failure = step;
        if (failure !== undefined) break;
      }
      stopped = failure !== undefined;
    } finally {
      executing.finish(stopped);
    }
    if (failure === undefined) table = await commit.table();
  } finally {
    await database.store?.close();
  }
  // Also after a failure: func may have written files, and the psets that finished are in the database.
  if (repo !== undefined) await gitCommit(runtime, repo, runId);
  if (failure) throw failure;
  return table!;
}
