// run(func, params, options): call func on every pset and record every call
// in the database. The stages, in this order, one call each:
//
//   check     options, func, params and git, before anything touches the
//             disk (checkRun.ts)
//   open      the database: lock, recovery, simulate copy, backup; with
//             save: false no file, only df in memory (runDatabase.ts)
//   plan      ids, sequence numbers, skipDups (plan.ts)
//   execute   the executor calls func; each finished row goes to the
//             write-ahead log at once (executeTasks.ts)
//   commit    the rows are appended to database.arrow, or with save: false
//             added to df in memory; the table is returned (runDatabase.ts)

import type { Table } from "apache-arrow";
import type { PsweepRunError } from "../errors.js";
import { randomUuid } from "../util/randomUuids.js";
import type { Runtime } from "../runtime.js";
import { checkRun } from "./checkRun.js";
import { executeTasks } from "./executeTasks.js";
import { gitCommit } from "./git.js";
import type { RunOptions } from "./options.js";
import { plan } from "./plan.js";
import { commitRows, openDatabase, planBase } from "./runDatabase.js";
import type { Func } from "./task.js";

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
  const { opts, psets, funcRef, roleOf, repo } = await checkRun(runtime, func, params, options, caller);
  const runId = randomUuid();
  const database = await openDatabase(runtime, opts, runId);
  let table: Table | undefined;
  let failure: PsweepRunError | undefined;
  try {
    const tasks = plan(await planBase(database, opts), psets, opts, database.calcDir, runId);
    const { store, calcDir } = database;
    const executed = await executeTasks(runtime, opts, {
      func,
      funcRef,
      tasks,
      skipped: psets.length - tasks.length,
      calcDir,
      store,
      runId,
      roleOf,
    });
    failure = executed.failure;
    // Saving, also after a failure: the rows of the psets that finished are kept. In memory there is nothing to keep.
    if (store !== undefined || failure === undefined)
      table = await commitRows(database, executed.rows, roleOf, opts.returnTable);
  } finally {
    await database.store?.close();
  }
  // Also after a failure: func may have written files, and the psets that finished are in the database.
  if (repo !== undefined) await gitCommit(runtime, repo, runId);
  if (failure) throw failure;
  return table!;
}
