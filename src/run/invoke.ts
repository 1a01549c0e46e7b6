// One call of func on one pset, as every executor makes it.

import { PsweepError, describe } from "../errors.js";
import { canonicalJson } from "../hash/canonicalJson.js";
import { PsweepHashError } from "../errors.js";
import { isPlainObject } from "../isPlainObject.js";
import type { ExecuteJob } from "./executor.js";
import type { Outcome, Task } from "./task.js";
import { assignOwn } from "../util/ownKeys.js";
import { BOOK_COLUMNS } from "../database/bookColumns.js";

// Objects are built with Object.assign, not {...spread, more}: V8 gives
// spread-then-extend objects fresh shapes each time, which costs
// microseconds per pset (measured: 10 µs versus 0.3 µs).

/**
 * Calls func on the task's pset. A func that returns a plain value gives its
 * outcome at once (no promise: a trivial pset costs microseconds), one that
 * returns a promise gives a promise of the outcome.
 */
export function invoke(
  func: ExecuteJob["func"],
  task: Task,
  job: Pick<ExecuteJob, "capture" | "host">,
): Outcome | Promise<Outcome> {
  const startedAt = new Date();
  const pset = copyOf(task.pset);
  // Named stores, not Object.assign of the book: each is a fast shape
  // transition shared by every pset of the run; assigning onto an object
  // that has keys takes the generic path, per key.
  const book = task.book;
  pset._pset_hash = book._pset_hash;
  pset._pset_id = book._pset_id;
  pset._run_seq = book._run_seq;
  pset._pset_seq = book._pset_seq;
  pset._run_id = book._run_id;
  pset._calc_dir = book._calc_dir;
  pset._time_utc = startedAt;
  pset._exec_host = job.host;
  const logs: string[] | undefined = job.capture ? [] : undefined;
  const call: Call = { task, host: job.host, startedAt, logs, started: performance.now() };
  let value: unknown;
  try {
    value = logs
      ? job.capture!.run(logs, () => (func as (p: unknown) => unknown)(pset))
      : (func as (p: unknown) => unknown)(pset);
  } catch (thrown) {
    return failed(call, thrown);
  }
  if (!isThenable(value)) return settle(call, value);
  return Promise.resolve(value).then(
    (resolved) => settle(call, resolved),
    (thrown: unknown) => failed(call, thrown),
  );
}

/** What the outcome of one call needs to know besides what func gave. */
interface Call {
  readonly task: Task;
  readonly host: string;
  readonly startedAt: Date;
  readonly started: number;
  readonly logs: string[] | undefined;
}

/** The outcome of a call that returned `value`: its result, or why it is refused. */
function settle(call: Call, value: unknown): Outcome {
  let result: Record<string, unknown>;
  try {
    result = checkResult(value, call.task);
  } catch (refused) {
    return outcome(call, undefined, refused);
  }
  return outcome(call, result, undefined);
}

function failed(call: Call, thrown: unknown): Outcome {
  return outcome(call, undefined, thrown === undefined ? new Error("func threw undefined") : thrown);
}

function outcome(call: Call, result: Record<string, unknown> | undefined, error: unknown): Outcome {
  // Whole nanoseconds (finer than any clock here): the log writes such a number digit by digit.
  const seconds = Math.round((performance.now() - call.started) * 1e6) / 1e9;
  return {
    index: call.task.index,
    result,
    error,
    startedAt: call.startedAt,
    host: call.host,
    seconds,
    logs: call.logs?.join(""),
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

/** func may change its pset as it likes: nested values are copied so the caller's params stay as they were. */
function copyOf(pset: Readonly<Record<string, unknown>>): Record<string, unknown> {
  for (const key in pset) {
    const value = pset[key];
    if (typeof value === "object" && value !== null) return structuredClone(pset) as Record<string, unknown>;
  }
  return assignOwn({}, pset);
}

/** A result must be a plain object of storable values, and must not set book-keeping or parameter keys. */
function checkResult(value: unknown, task: Task): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value) || !isPlainObject(value)) {
    throw new PsweepError(`${whereOf(task)} ${describe(value)}; func must return a plain object such as {result: 42}`);
  }
  const result = value as Record<string, unknown>;
  for (const key of Object.keys(result)) {
    if (key === "")
      throw new PsweepError(
        `${whereOf(task)} the empty key "", which cannot name a column of the database; give the result a name`,
      );
    if (BOOK_COLUMNS.has(key))
      throw new PsweepError(`${whereOf(task)} the key ${JSON.stringify(key)}, which psweep sets itself; rename it`);
    if (Object.hasOwn(task.pset, key)) {
      throw new PsweepError(
        `${whereOf(task)} the key ${JSON.stringify(key)}, a parameter of the pset; rename the result so the parameter is kept`,
      );
    }
    checkResultValue(result[key], key, task);
  }
  return result;
}

function whereOf(task: Task): string {
  return `func returned for pset ${JSON.stringify(task.book._pset_id)} (params[${task.index}])`;
}

function checkResultValue(value: unknown, key: string, task: Task): void {
  if (value instanceof Date && Number.isNaN(value.getTime())) {
    throw new PsweepError(
      `${whereOf(task)} an invalid Date under ${JSON.stringify(key)}, which a timestamp column cannot hold; return a valid Date or null`,
    );
  }
  if (value === null || value === undefined || value instanceof Date) return;
  const type = typeof value;
  if (type === "number" || type === "boolean") return; // top-level NaN and Infinity fit a float column
  try {
    canonicalJson(value, key); // strings must be valid Unicode; arrays and objects are stored as JSON: every value inside must be JSON
  } catch (error) {
    if (error instanceof PsweepHashError) {
      throw new PsweepError(
        `${whereOf(task)} a value that cannot be stored: ${error.message.replace(/^cannot hash /, "")}`,
      );
    }
    throw error;
  }
}
