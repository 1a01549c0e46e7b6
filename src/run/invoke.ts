// One call of func on one pset, as every executor makes it.

import { PsweepError, describe } from "../errors.js";
import { canonicalJson } from "../hash/canonicalJson.js";
import { PsweepHashError } from "../errors.js";
import { isPlainObject } from "../isPlainObject.js";
import type { ExecuteJob, Outcome, Task } from "./executor.js";

/** Keys psweep writes into every row; func may not return them. */
const RESERVED = new Set([
  "_pset_hash", "_pset_id", "_run_seq", "_pset_seq", "_run_id", "_calc_dir", "_time_utc", "_exec_host",
  "_failed", "_exc_txt", "_logs", "_pset_runtime",
]);

// Objects are built with Object.assign, not {...spread, more}: V8 gives
// spread-then-extend objects fresh shapes each time, which costs
// microseconds per pset (measured: 10 µs versus 0.3 µs).

export async function invoke(func: ExecuteJob["func"], task: Task, job: Pick<ExecuteJob, "capture" | "host">): Promise<Outcome> {
  const startedAt = new Date();
  const pset = Object.assign(copyOf(task.pset), task.book, { _time_utc: startedAt, _exec_host: job.host });
  const logs: string[] = [];
  const started = performance.now();
  let result: Record<string, unknown> | undefined;
  let error: unknown;
  try {
    const call = (): unknown => (func as (p: unknown) => unknown)(pset);
    const value = job.capture ? job.capture.run(logs, call) : call();
    result = checkResult(isThenable(value) ? await value : value, task);
  } catch (thrown) {
    error = thrown === undefined ? new Error("func threw undefined") : thrown;
  }
  const seconds = (performance.now() - started) / 1000;
  return { index: task.index, result, error, startedAt, host: job.host, seconds, logs: job.capture ? logs.join("") : undefined };
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
  return Object.assign({}, pset);
}

/** A result must be a plain object of storable values, and must not set book-keeping or parameter keys. */
function checkResult(value: unknown, task: Task): Record<string, unknown> {
  const where = (): string => `func returned for pset ${JSON.stringify(task.book._pset_id)} (params[${task.index}])`;
  if (typeof value !== "object" || value === null || Array.isArray(value) || !isPlainObject(value)) {
    throw new PsweepError(`${where()} ${describe(value)}; func must return a plain object such as {result: 42}`);
  }
  const result = value as Record<string, unknown>;
  for (const key of Object.keys(result)) {
    if (RESERVED.has(key)) throw new PsweepError(`${where()} the key ${JSON.stringify(key)}, which psweep sets itself; rename it`);
    if (key in task.pset) {
      throw new PsweepError(`${where()} the key ${JSON.stringify(key)}, a parameter of the pset; rename the result so the parameter is kept`);
    }
    checkResultValue(result[key], key, where);
  }
  return result;
}

function checkResultValue(value: unknown, key: string, where: () => string): void {
  if (value === null || value === undefined || value instanceof Date) return;
  const type = typeof value;
  if (type === "number" || type === "boolean") return; // top-level NaN and Infinity fit a float column
  try {
    canonicalJson(value, key); // strings must be valid Unicode; arrays and objects are stored as JSON: every value inside must be JSON
  } catch (error) {
    if (error instanceof PsweepHashError) {
      throw new PsweepError(`${where()} a value that cannot be stored: ${error.message.replace(/^cannot hash /, "")}`);
    }
    throw error;
  }
}
