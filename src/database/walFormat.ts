// The lines of a write-ahead log (wal.ts writes them, readLogs in store.ts
// reads them). JSON lines:
//
//   {"psweep_wal":1}        first line
//   {"base":{"size":123,"tail":"9a0b..."}}
//                           the database file the rows are to be added to
//   {"window":{"first":65536,"of":10000000}}
//                           in a run of several windows (run.ts): the log's
//                           task 0 is task `first` of a run of `of` tasks
//                           (those before it are in the file); absent when
//                           the log holds the whole run
//   {"plan":{"first":0,"psets":[{"a":1},...],"_pset_id":["3f0c...",...],"_run_id":"9b1d...",...}}
//                           tasks of the log, from number `first` on: their
//                           psets and book-keeping cells, a book column that
//                           is the same for every task given once, and the
//                           pset hashes left out (they follow from the psets)
//   {"columns":["_time_utc",...],"roles":["book",...],"fixed":{"_exec_host":"node7"},"planned":true}
//                           the keys of the cells the rows that follow add
//                           to their tasks, and the cells they all share
//   [17,{"t":1764150000000},42,0.0012]
//                           a row: its task's number in the log, then one
//                           cell per column not fixed
//
// So a finished pset costs only what its call produced; its task was logged
// before its window started. A header without "planned" (as the first release
// wrote every header) is followed by rows holding every cell. A cell is
// a value as tagged JSON (cells/jsonCell.ts). A last line without its newline (a
// write cut short by power loss) is ignored.

import { psetHashes } from "../hash/psetHash.js";
import type { Pset } from "../types.js";
import { cellFromJson, cellToJson, isPlainCell } from "../cells/jsonCell.js";
import { isOverriddenPsetKey, type NewRow, type RowHead } from "./rowBuffer.js";
import type { Role } from "./schema.js";

/** A line of the log that is an object (a plan, a header, a base stamp). */
type JsonObject = Record<string, unknown>;

export const FIRST_LINE = '{"psweep_wal":1}\n';

/** Tasks per plan line: bounds the line's length. */
const PLAN_CHUNK = 4096;

/** The plan lines of `tasks`, numbered 0, 1, 2, ... in order: made one at a time, so that a huge plan is never all in memory as text. */
export function* planLines(tasks: readonly RowHead[]): Generator<string> {
  for (let first = 0; first < tasks.length; first += PLAN_CHUNK) {
    const chunk = tasks.slice(first, first + PLAN_CHUNK);
    const psets = chunk.map((task) => task.pset);
    const plan: JsonObject = {
      first,
      psets: psets.every(hasPlainCells) ? psets : psets.map((pset) => mapCells(pset, cellToJson)),
    };
    for (const key of Object.keys(chunk[0]!.book)) if (key !== "_pset_hash") plan[key] = planColumn(chunk, key);
    yield `${JSON.stringify({ plan })}\n`;
  }
}

/** Book column `key` of a plan line: one cell when every task has the same (run ids, folders), else a cell per task. */
function planColumn(chunk: readonly RowHead[], key: string): unknown {
  const first = chunk[0]!.book[key];
  let same = true;
  for (let i = 1; i < chunk.length && same; i++) same = chunk[i]!.book[key] === first;
  if (same) return cellToJson(first);
  const values = new Array<unknown>(chunk.length);
  let plain = true;
  for (let i = 0; i < chunk.length; i++) {
    const value = chunk[i]!.book[key];
    values[i] = value;
    if (plain && typeof value !== "string" && !isPlainCell(value)) plain = false;
  }
  return plain ? values : values.map(cellToJson);
}

/** A header line for rows adding the keys `columns` to their tasks, with `fixed` cells left out of them. */
export function headerLine(columns: readonly string[], roles: readonly Role[], fixed: NewRow): string {
  return `${JSON.stringify({ columns, roles, fixed: mapCells(fixed, cellToJson), planned: true })}\n`;
}

/** The database file a log's rows are to be added to, as it was when the run began (see fileStamp in ipcFile.ts). */
export interface BaseStamp {
  /** Size in bytes; 0 when there was no file. */
  readonly size: number;
  /** SHA-1 of the file's last bytes (its footer lists every batch), hex; "" when there was no file. */
  readonly tail: string;
}

/** The line after the first: which database file the log belongs to. */
export function baseLine(base: BaseStamp): string {
  return `${JSON.stringify({ base })}\n`;
}

/** Where a log's tasks lie in its run: task 0 of the log is task `first` of the run's `of`. */
export interface WindowOfRun {
  readonly first: number;
  readonly of: number;
}

/** The line after the base line, in a log of one window of a run. */
export function windowLine(window: WindowOfRun): string {
  return `${JSON.stringify({ window })}\n`;
}

export interface ParsedWal {
  /** The rows that could be read, in the order they were written. */
  readonly rows: NewRow[];
  readonly roles: Map<string, Role>;
  /** The file the rows belong to; undefined in logs written before the stamp existed. */
  readonly base: BaseStamp | undefined;
  /** Where the log's tasks lie in its run; undefined when the log holds the whole run. */
  readonly window: WindowOfRun | undefined;
  /** What could not be read ("line 7: not JSON"), in line order; empty for a sound log. */
  readonly problems: string[];
}

/**
 * The rows of a log and the role of each key. A line that cannot be read is
 * skipped and named in `problems`; the caller decides whether that is fatal.
 */
export function parseWal(text: string): ParsedWal {
  const lines = text.slice(0, text.lastIndexOf("\n") + 1).split("\n");
  const rows: NewRow[] = [];
  const roles = new Map<string, Role>();
  const tasks: Omit<RowHead, "index">[] = [];
  const problems: string[] = [];
  let base: BaseStamp | undefined;
  let window: WindowOfRun | undefined;
  let header: Header = { columns: [], roles: [], fixed: {}, planned: false };
  lines.forEach((line, i) => {
    if (line === "") return;
    try {
      const parsed = parseLine(line);
      if (Array.isArray(parsed)) {
        rows.push(readRow(parsed, header, tasks));
      } else if (isObject(parsed) && isObject(parsed.plan)) {
        readPlan(parsed.plan, tasks, roles);
      } else if (isObject(parsed) && Array.isArray(parsed.columns)) {
        header = readHeader(parsed);
        header.columns.forEach((key, k) => roles.set(key, header.roles[k]!));
      } else if (isObject(parsed) && isObject(parsed.base)) {
        const { size, tail } = parsed.base;
        if (typeof size !== "number" || typeof tail !== "string") throw new Error("a base line without size and tail");
        base = { size, tail };
      } else if (isObject(parsed) && isObject(parsed.window)) {
        const { first, of } = parsed.window;
        if (!Number.isInteger(first) || !Number.isInteger(of)) throw new Error("a window line without first and of");
        window = { first: first as number, of: of as number };
      }
    } catch (error) {
      problems.push(`line ${i + 1}: ${(error as Error).message}`);
    }
  });
  return { rows, roles, base, window, problems };
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return fail(`not JSON: ${JSON.stringify(line.length > 40 ? `${line.slice(0, 37)}...` : line)}`);
  }
}

function readRow(cells: unknown[], header: Header, tasks: readonly Omit<RowHead, "index">[]): NewRow {
  const row: NewRow = {};
  let cell = 0;
  if (header.planned) {
    const index = cells[cell++];
    const task = Number.isInteger(index) ? tasks[index as number] : undefined;
    if (task === undefined)
      fail(`a row of task ${JSON.stringify(index)}, which is not in the plan (${tasks.length} tasks)`);
    for (const key in task.pset) if (!isOverriddenPsetKey(key)) define(row, key, task.pset[key]);
    for (const key in task.book) define(row, key, task.book[key]);
  }
  const given = header.columns.filter((key) => !Object.hasOwn(header.fixed, key)).length;
  if (cells.length !== cell + given) fail(`a row of ${cells.length} cells where its header wants ${cell + given}`);
  for (const key of header.columns)
    define(row, key, cellFromJson(Object.hasOwn(header.fixed, key) ? header.fixed[key] : cells[cell++]));
  return row;
}

function readHeader(parsed: JsonObject): Header {
  const { columns, roles, fixed } = parsed;
  const isRole = (role: unknown): role is Role => role === "pset" || role === "book" || role === "result";
  if (
    !(columns as unknown[]).every((key) => typeof key === "string") ||
    !Array.isArray(roles) ||
    roles.length !== (columns as unknown[]).length ||
    !roles.every(isRole)
  ) {
    fail("a header whose columns and roles do not match");
  }
  if (fixed !== undefined && !isObject(fixed)) fail("a header whose fixed cells are not an object");
  return { columns: columns as string[], roles, fixed: (fixed ?? {}) as NewRow, planned: parsed.planned === true };
}

function fail(message: string): never {
  throw new Error(message);
}

interface Header {
  readonly columns: readonly string[];
  readonly roles: readonly Role[];
  readonly fixed: NewRow;
  readonly planned: boolean;
}

function readPlan(plan: JsonObject, into: Omit<RowHead, "index">[], roles: Map<string, Role>): void {
  const first = plan.first;
  const psets = plan.psets;
  if (!Number.isInteger(first) || (first as number) < 0 || !Array.isArray(psets) || !psets.every(isObject))
    fail("a plan line without its first task number and psets");
  const bookKeys = Object.keys(plan).filter((key) => key !== "first" && key !== "psets");
  const decoded = psets.map((cells) => mapCells(cells, cellFromJson));
  const hashes = psetHashes(decoded as Pset[]);
  decoded.forEach((pset, i) => {
    const book: NewRow = { _pset_hash: hashes[i] };
    for (const key of bookKeys)
      book[key] = cellFromJson(Array.isArray(plan[key]) ? (plan[key] as unknown[])[i] : plan[key]);
    into[(first as number) + i] = { pset, book };
    for (const key in pset) if (!roles.has(key)) roles.set(key, "pset");
  });
  for (const key of ["_pset_hash", ...bookKeys]) if (!roles.has(key)) roles.set(key, "book");
}

/** Whether every value of `row` is its own JSON cell. */
function hasPlainCells(row: Readonly<NewRow>): boolean {
  for (const key in row) if (!isPlainCell(row[key])) return false;
  return true;
}

function mapCells(row: Readonly<NewRow>, f: (value: unknown) => unknown): NewRow {
  const mapped: NewRow = {};
  for (const key in row) define(mapped, key, f(row[key]));
  return mapped;
}

/** Sets an own property, also for a key such as "__proto__" (which must become a column, not the prototype). */
function define(row: NewRow, key: string, value: unknown): void {
  Object.defineProperty(row, key, { value, enumerable: true, writable: true, configurable: true });
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
