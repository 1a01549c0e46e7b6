// The check stage of run(): whatever is wrong with a call of run() is found
// here, before anything touches the disk: the options, func (and, for pool
// workers, whether they can find it), every pset, and with git: true the
// repository.

import { PsweepError, describe } from "../errors.js";
import { BOOK_COLUMNS } from "../database/bookColumns.js";
import type { RoleOf } from "../database/schema.js";
import { workerFuncRef } from "../pool/funcRef.js";
import type { FuncRef } from "../pool/protocol.js";
import type { Runtime } from "../runtime.js";
import { gitReady } from "./git.js";
import { checkRunOptions, type CheckedOptions, type RunOptions } from "./options.js";
import { psetSource, type PsetSource } from "./plan.js";
import type { Func } from "./task.js";

/** A call of run(), checked. */
export interface CheckedRun {
  readonly opts: CheckedOptions;
  readonly psets: PsetSource;
  /** How workers elsewhere find func (see ExecuteJob.funcRef). */
  readonly funcRef: () => FuncRef;
  /** What each key of the run's rows is: a parameter, book-keeping, or a result. */
  readonly roleOf: RoleOf;
  /** With git: true, the repository the run is committed to afterwards. */
  readonly repo: string | undefined;
}

/** `caller`: the URL of the module that called run() (see run.ts). */
export async function checkRun(
  runtime: Runtime,
  func: Func<never>,
  params: unknown,
  options: RunOptions,
  caller: string | undefined,
): Promise<CheckedRun> {
  const opts = checkRunOptions(options);
  if (typeof func !== "function")
    throw new PsweepError(`run: func must be a function (pset) => results, got ${describe(func)}`);
  const funcRef = (): FuncRef => workerFuncRef(runtime, func, opts, caller);
  if (opts.poolsize > 1) funcRef(); // a func pool workers cannot find is an error before anything happens
  const psets = psetSource(params);
  if (!opts.save && opts.captureLogs?.includes("file")) {
    throw new PsweepError(
      `run: captureLogs "${opts.captureLogs}" writes logs.txt files, but save: false writes nothing to disk; use captureLogs: "db"`,
    );
  }
  const psetKeys = psets.keys;
  const roleOf: RoleOf = (key) => (psetKeys.has(key) ? "pset" : BOOK_COLUMNS.has(key) ? "book" : "result");
  const repo = opts.git ? await gitReady(runtime) : undefined;
  return { opts, psets, funcRef, roleOf, repo };
}
