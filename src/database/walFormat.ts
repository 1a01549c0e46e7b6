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
//   {"plan":{"first":0,"count":8192,"grid":{"shape":[100,10],"start":16384,
//            "keys":[{"name":"a","axis":0,"from":16,"values":[16,17]},...]},
//            "_pset_seq":{"from":40},...,"_pset_id":{"w":36,"s":"3f0c...9b1d..."}}}
//                           the same for a window of a run over a grid():
//                           its psets are grid psets start..start+count-1
//                           (pset i takes, per key, values[digit - from], its
//                           digit on the key's axis, the last axis fastest);
//                           a book column may also be texts of w characters
//                           end to end, or a range counting up from `from`
//                           (members in any order: ids the core made as
//                           bytes come last, written as those bytes)
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
import { PlannedWindow, type GridRange, type TaskList } from "./plannedWindow.js";
import type { Role } from "./schema.js";

/** A line of the log that is an object (a plan, a header, a base stamp). */
type JsonObject = Record<string, unknown>;

/** The version of this format, on a log's first line: a log of another version is not read (see parseWal). */
export const WAL_FORMAT = 1;

export const FIRST_LINE = `{"psweep_wal":${WAL_FORMAT}}\n`;

/** Tasks per plan line: bounds the line's length. */
const PLAN_CHUNK = 4096;

/**
 * The plan lines of `tasks`, numbered 0, 1, 2, ... in order: made one at a
 * time, so that a huge plan is never all in memory as text. A window as the
 * plan made it (a PlannedWindow) has its ids and sequence numbers written
 * packed, and a grid's psets as their range.
 */
export function* planLines(tasks: TaskList): Generator<string | Uint8Array> {
  const window = tasks instanceof PlannedWindow ? tasks : undefined;
  const grid = window?.parts.grid;
  const gridPlan = grid === undefined ? undefined : gridRangeJson(grid, tasks.length);
  if (gridPlan !== undefined) {
    const plan: JsonObject = { first: 0, count: tasks.length, grid: gridPlan };
    yield* planLine(plan, tasks, 0, tasks.length, window);
    return;
  }
  for (let first = 0; first < tasks.length; first += PLAN_CHUNK) {
    const end = Math.min(tasks.length, first + PLAN_CHUNK);
    const psets = new Array<Readonly<Record<string, unknown>>>(end - first);
    for (let k = first; k < end; k++) psets[k - first] = tasks.at(k)!.pset;
    const plan: JsonObject = {
      first,
      psets: psets.every(hasPlainCells) ? psets : psets.map((pset) => mapCells(pset, cellToJson)),
    };
    yield* planLine(plan, tasks, first, end, window);
  }
}

/**
 * One plan line: `plan` with the book columns of tasks first..end-1 (of
 * `window`, when given). Ids the core made as bytes are written as those
 * bytes (the line's last member, after the JSON text of the rest): they need
 * no test and no encoding, which for a grid's window cost more than the rest
 * of its plan line.
 */
function* planLine(
  plan: JsonObject,
  tasks: TaskList,
  first: number,
  end: number,
  window: PlannedWindow | undefined,
): Generator<string | Uint8Array> {
  const packed = window === undefined ? {} : packedBook(window, first);
  const idBytes = window?.parts.ids.bytes.subarray(36 * first, 36 * end);
  for (const key of Object.keys(tasks.at(first)!.book)) {
    if (key === "_pset_hash" || (key === "_pset_id" && idBytes !== undefined)) continue;
    plan[key] = packed[key] ?? planColumn(tasks, first, end, key);
  }
  const text = JSON.stringify({ plan });
  if (idBytes === undefined) {
    yield `${text}\n`;
    return;
  }
  // {"plan":{...}} becomes {"plan":{...,"_pset_id":{"w":36,"s":"<ids>"}}}
  yield `${text.slice(0, -2)},"_pset_id":{"w":36,"s":"`;
  yield idBytes;
  yield '"}}}\n';
}

/** The window's book columns of tasks first..: _pset_seq as a range, the constants once (the ids follow as bytes). */
function packedBook(window: PlannedWindow, first: number): JsonObject {
  const { firstPsetSeq, runSeq, runId, calcDir } = window.parts;
  return {
    _run_seq: cellToJson(runSeq),
    _run_id: runId,
    _calc_dir: calcDir,
    _pset_seq: { from: firstPsetSeq + first },
  };
}

/**
 * The plan's "grid" of psets start..start+count-1 of `grid`: per key only
 * the values the range uses. Undefined (the psets are written instead) when
 * a value is missing (a key an axis' pset lacks) or an axis would give more
 * values than there are psets.
 */
function gridRangeJson(grid: GridRange, count: number): JsonObject | undefined {
  const end = grid.start + count;
  const keys: JsonObject[] = [];
  for (const key of grid.keys) {
    let stride = 1;
    for (let a = key.axis + 1; a < grid.shape.length; a++) stride *= grid.shape[a]!;
    const size = grid.shape[key.axis]!;
    const q0 = Math.floor(grid.start / stride);
    const q1 = Math.floor((end - 1) / stride);
    let [from, to] = [q0 % size, q1 % size];
    if (q1 - q0 + 1 >= size || from > to) [from, to] = [0, size - 1];
    // More values than psets (a long axis wrapping inside the window): the psets are the shorter plan.
    if (to - from + 1 > count) return undefined;
    const values = key.values.slice(from, to + 1);
    if (values.some((value) => value === undefined)) return undefined;
    keys.push({ name: key.name, axis: key.axis, from, values: values.map(cellToJson) });
  }
  return { shape: grid.shape, start: grid.start, keys };
}

/** Book column `key` of a plan line: one cell when every task has the same (run ids, folders), else a cell per task. */
function planColumn(tasks: TaskList, first: number, end: number, key: string): unknown {
  const values = new Array<unknown>(end - first);
  let same = true;
  let plain = true;
  for (let k = first; k < end; k++) {
    const value = tasks.at(k)!.book[key];
    values[k - first] = value;
    same &&= value === values[0];
    if (plain && typeof value !== "string" && !isPlainCell(value)) plain = false;
  }
  if (same) return cellToJson(values[0]);
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
  /**
   * The format version the log's first line names when it is not this
   * psweep's (WAL_FORMAT): a newer psweep wrote it, and nothing of it is
   * read (rows of another format could read as wrong values).
   */
  readonly otherFormat?: unknown;
}

/**
 * The rows of a log and the role of each key. A line that cannot be read is
 * skipped and named in `problems`; the caller decides whether that is fatal.
 */
export function parseWal(text: string): ParsedWal {
  const lines = text.slice(0, text.lastIndexOf("\n") + 1).split("\n");
  const format = formatOf(lines[0]!);
  if (format !== undefined && format !== WAL_FORMAT)
    return { rows: [], roles: new Map(), base: undefined, window: undefined, problems: [], otherFormat: format };
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

/** The version a first line `{"psweep_wal":N}` names, or undefined for another line. */
function formatOf(line: string): unknown {
  if (!line.startsWith('{"psweep_wal":')) return undefined;
  try {
    return (JSON.parse(line) as { psweep_wal?: unknown }).psweep_wal;
  } catch {
    return line; // not even JSON: no version this psweep knows
  }
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
  if (!Number.isInteger(first) || (first as number) < 0) fail("a plan line without its first task number and psets");
  const bookKeys = Object.keys(plan).filter(
    (key) => key !== "first" && key !== "psets" && key !== "grid" && key !== "count",
  );
  const decoded = isObject(plan.grid) ? gridPsets(plan.grid, plan.count, plan._pset_id) : plainPsets(plan.psets);
  const hashes = psetHashes(decoded as Pset[]);
  const columns = bookKeys.map((key) => bookColumn(plan[key], key, decoded.length));
  decoded.forEach((pset, i) => {
    const book: NewRow = { _pset_hash: hashes[i] };
    bookKeys.forEach((key, k) => (book[key] = columns[k]!(i)));
    into[(first as number) + i] = { pset, book };
    for (const key in pset) if (!roles.has(key)) roles.set(key, "pset");
  });
  for (const key of ["_pset_hash", ...bookKeys]) if (!roles.has(key)) roles.set(key, "book");
}

function plainPsets(psets: unknown): NewRow[] {
  if (!Array.isArray(psets) || !psets.every(isObject)) fail("a plan line without its first task number and psets");
  return psets.map((cells) => mapCells(cells, cellFromJson));
}

/**
 * The psets of a plan's "grid" (see the header). A log is a file on disk:
 * its range is checked against its grid, and its count against its ids (one
 * per pset, held in the line), before any pset is made.
 */
function gridPsets(grid: JsonObject, count: unknown, ids: unknown): NewRow[] {
  const { shape, start, keys } = grid;
  if (
    !Number.isInteger(count) ||
    (count as number) < 0 ||
    !Number.isInteger(start) ||
    (start as number) < 0 ||
    !Array.isArray(shape) ||
    !shape.every((n) => Number.isInteger(n) && n > 0) ||
    !Array.isArray(keys) ||
    !keys.every(
      (key) =>
        isObject(key) &&
        typeof key.name === "string" &&
        Number.isInteger(key.axis) &&
        (key.axis as number) >= 0 &&
        (key.axis as number) < shape.length &&
        Number.isInteger(key.from) &&
        Array.isArray(key.values),
    )
  )
    fail("a plan line whose grid lacks its shape, start, count or keys");
  const axes = keys as { name: string; axis: number; from: number; values: unknown[] }[];
  const radices = shape as number[];
  const first = start as number;
  const end = first + (count as number);
  const size = radices.reduce((product, n) => product * n, 1);
  if (end > size) fail(`a plan line whose grid psets ${first}..${end - 1} lie outside its ${size} psets`);
  const idCount = Array.isArray(ids)
    ? ids.length
    : isObject(ids) && typeof ids.s === "string" && typeof ids.w === "number" && ids.w > 0
      ? ids.s.length / ids.w
      : undefined;
  if (idCount !== count)
    fail(`a plan line whose grid states ${count as number} psets and its _pset_id ${idCount ?? "none"}`);
  const values = axes.map((key) => key.values.map(cellFromJson));
  const psets: NewRow[] = [];
  const digits = new Array<number>(radices.length);
  for (let i = 0; i < (count as number); i++) {
    let index = (start as number) + i;
    for (let a = radices.length - 1; a >= 0; a--) {
      digits[a] = index % radices[a]!;
      index = Math.floor(index / radices[a]!);
    }
    const pset: NewRow = {};
    axes.forEach((key, k) => {
      const at = digits[key.axis]! - key.from;
      if (at < 0 || at >= key.values.length)
        fail(`a plan line whose grid lacks the value of ${JSON.stringify(key.name)} for pset ${i}`);
      define(pset, key.name, values[k]![at]);
    });
    psets.push(pset);
  }
  return psets;
}

/** Book column `key` of a plan line, as the cell of task i: one cell per task, one for all, texts end to end, or a range. */
function bookColumn(column: unknown, key: string, count: number): (i: number) => unknown {
  if (Array.isArray(column)) {
    if (column.length !== count) fail(`a plan line whose ${key} has ${column.length} cells for ${count} psets`);
    return (i) => cellFromJson(column[i]);
  }
  if (isObject(column) && typeof column.w === "number" && typeof column.s === "string") {
    const { w, s } = column;
    if (s.length !== w * count)
      fail(`a plan line whose ${key} holds ${s.length} characters for ${count} texts of ${w}`);
    return (i) => s.slice(w * i, w * i + w);
  }
  if (isObject(column) && Number.isInteger(column.from)) {
    const from = column.from as number;
    return (i) => from + i;
  }
  const value = cellFromJson(column);
  return () => value;
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
