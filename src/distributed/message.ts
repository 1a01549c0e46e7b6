// What travels through Redis, and the checks on it: anyone who can write to
// the server can write a job or a result, so each field is checked before
// it is used, and a message that fails a check is refused as a whole.

import { isPlainObject } from "../isPlainObject.js";
import type { FuncRef, SerializedError } from "../pool/protocol.js";
import type { Book, Task } from "../run/task.js";
import { PsweepJobRefusedError } from "./errors.js";
import type { Signer } from "./signing.js";
import type { OutcomeJson } from "./transport.js";

/** What BullMQ stores as a job's data: the chunk as JSON text, and its signature when a key is set. */
export interface JobData {
  readonly v: 1;
  readonly body: string;
  readonly sig?: string;
}

/** A chunk of psets for one worker. */
export interface ChunkBody {
  readonly func: FuncRef;
  readonly captureLogs: boolean;
  /** Where the worker pushes outcomes: the caller's results list is named by it. */
  readonly reply: string;
  readonly tasks: readonly Task[];
}

/** One push of outcomes to the caller's results list. */
export interface ResultItem {
  readonly v: 1;
  /** The job (chunk) the outcomes belong to. */
  readonly job: string;
  /** Which worker ran them (its own random id). */
  readonly worker: string;
  /** JSON text of [psetId, outcome] pairs. */
  readonly body: string;
  readonly sig?: string;
}

export type ResultBody = [string, OutcomeJson][];

/** Names that become parts of Redis keys. */
export const ID = /^[A-Za-z0-9_-]{1,100}$/;

const MAX_TASKS = 100_000;

/** The chunk of a job, checked; throws PsweepJobRefusedError naming what is wrong. */
export async function readJob(data: unknown, queue: string, signer: Signer | undefined): Promise<ChunkBody> {
  if (!isObject(data) || data.v !== 1 || typeof data.body !== "string")
    refuse("its data is not a psweep job ({v: 1, body: text})");
  if (data.sig !== undefined && typeof data.sig !== "string") refuse("its signature is not text");
  if (signer !== undefined) {
    if (data.sig === undefined)
      refuse("it is not signed, and this worker has a job key: the caller must set the same key (PSWEEP_JOB_KEY)");
    if (!(await signer.verify("job", queue, data.body, data.sig)))
      refuse("its signature does not match this worker's job key");
  }
  let body: unknown;
  try {
    body = JSON.parse(data.body);
  } catch {
    refuse("its body is not JSON");
  }
  if (!isObject(body)) refuse("its body is not an object");
  const { func, captureLogs, reply, tasks } = body;
  if (!isFuncRef(func)) refuse("func is not {module, exportName?, name, source} of strings");
  if (typeof captureLogs !== "boolean") refuse("captureLogs is not a boolean");
  if (typeof reply !== "string" || !ID.test(reply)) refuse("reply is not a name of letters, digits, _ and -");
  if (!Array.isArray(tasks) || tasks.length === 0 || tasks.length > MAX_TASKS)
    refuse(`tasks is not an array of 1 to ${MAX_TASKS} psets`);
  tasks.forEach((task, i) => {
    const why = taskProblem(task);
    if (why !== undefined) refuse(`task ${i}: ${why}`);
  });
  return { func, captureLogs, reply, tasks: tasks as Task[] };
}

/** The outcomes of a result item, checked; undefined (and `why` told) when it is not one. */
export async function readResult(
  text: string,
  queue: string,
  signer: Signer | undefined,
  why: (problem: string, unsignedJob?: string) => void,
): Promise<{ job: string; worker: string; outcomes: ResultBody } | undefined> {
  let item: unknown;
  try {
    item = JSON.parse(text);
  } catch {
    return void why("a result that is not JSON");
  }
  if (
    !isObject(item) ||
    item.v !== 1 ||
    typeof item.job !== "string" ||
    typeof item.worker !== "string" ||
    typeof item.body !== "string"
  ) {
    return void why("a result that is not {v: 1, job, worker, body}");
  }
  if (
    signer !== undefined &&
    (typeof item.sig !== "string" || !(await signer.verify("result", queue, `${item.job}\n${item.body}`, item.sig)))
  ) {
    return void why(`a result for job ${JSON.stringify(item.job.slice(0, 100))} without a valid signature`, item.job);
  }
  let body: unknown;
  try {
    body = JSON.parse(item.body);
  } catch {
    return void why("a result whose body is not JSON");
  }
  if (
    !Array.isArray(body) ||
    !body.every(
      (pair) => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === "string" && isOutcomeJson(pair[1]),
    )
  ) {
    return void why("a result whose body is not a list of [pset id, outcome]");
  }
  return { job: item.job, worker: item.worker, outcomes: body as ResultBody };
}

function refuse(why: string): never {
  throw new PsweepJobRefusedError(`refused the job: ${why}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && isPlainObject(value);
}

function isFuncRef(value: unknown): value is FuncRef {
  return (
    isObject(value) &&
    typeof value.module === "string" &&
    typeof value.name === "string" &&
    typeof value.source === "string" &&
    (value.exportName === undefined || typeof value.exportName === "string")
  );
}

// Typed against Book: a book column renamed there fails to compile here.
const BOOK_STRINGS = ["_pset_hash", "_pset_id", "_run_id", "_calc_dir"] as const satisfies readonly (keyof Book)[];
const BOOK_COUNTS = ["_run_seq", "_pset_seq"] as const satisfies readonly (keyof Book)[];

function taskProblem(task: unknown): string | undefined {
  if (!isObject(task)) return "not an object";
  if (!isCount(task.index)) return "index is not a non-negative integer";
  if (!isObject(task.pset)) return "pset is not an object";
  const book = task.book;
  if (!isObject(book)) return "book is not an object";
  for (const key of BOOK_STRINGS) if (typeof book[key] !== "string") return `book.${key} is not text`;
  for (const key of BOOK_COUNTS) if (!isCount(book[key])) return `book.${key} is not a non-negative integer`;
  return undefined;
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function isError(value: unknown): value is SerializedError {
  return (
    isObject(value) &&
    typeof value.name === "string" &&
    typeof value.message === "string" &&
    (value.stack === undefined || typeof value.stack === "string")
  );
}

function isOutcomeJson(value: unknown): value is OutcomeJson {
  if (!isObject(value)) return false;
  return (
    (value.result === undefined || isObject(value.result)) &&
    (value.error === undefined || isError(value.error)) &&
    typeof value.startedAt === "number" &&
    Number.isFinite(value.startedAt) &&
    typeof value.host === "string" &&
    typeof value.seconds === "number" &&
    Number.isFinite(value.seconds) &&
    value.seconds >= 0 &&
    (value.logs === undefined || typeof value.logs === "string")
  );
}
