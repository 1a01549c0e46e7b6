// New rows, kept until they become a record batch. A row of a run is kept
// as its parts: the pset and the book-keeping fields of its task, which the
// window's plan gives (plannedWindow.ts), and the cells the call added, which
// go straight into one array per key. So no object per row outlives its call
// (see plannedWindow.ts for why that matters). A row read back from a log is
// one part holding every cell. Rows of a window that arrive in task order
// take their book-keeping (and a grid's parameter) columns from the window
// as they are.

import { hasKeys } from "../util/hasKeys.js";
import { isPrototypeName, ownValue } from "../util/ownKeys.js";
import { BOOK_BEFORE_RESULTS, BOOK_OF_TASK } from "./bookColumns.js";
import type { PlannedWindow } from "./plannedWindow.js";

/** A row to be written, or a part of one: values by column name, as JavaScript has them (before they are typed to columns). */
export type NewRow = Record<string, unknown>;

/** The parts of a row that come from its task, and the task's number in the run. */
export interface RowHead {
  readonly index: number;
  readonly pset: Readonly<NewRow>;
  readonly book: Readonly<NewRow>;
}

/** Which part of a row holds a key: they are disjoint (a pset key that is a book key is overridden). */
type Part = "pset" | "book" | "tail";

const BOOK = new Set<string>(BOOK_BEFORE_RESULTS);

/** Whether a pset's key gives way to the book-keeping field of that name in its row. */
export function isOverriddenPsetKey(key: string): boolean {
  return BOOK.has(key);
}

export class RowBuffer {
  /** Each stored row's head, for rows not of a window (with a window, the window gives them). */
  private readonly heads: (RowHead | undefined)[] = [];
  /** The added cells, per key (see TailColumn). */
  private readonly tails = new Map<string, TailColumn>();
  /** The stored row at which each key of `tails` first came: the keys take their place among the heads' keys from it. */
  private readonly tailKeysFrom = new Map<string, number>();
  /** The last row's added keys and their arrays: consecutive rows mostly share them. */
  private lastTailKeys: string[] = [];
  private lastTailColumns: TailColumn[] = [];
  /** Position in the run of each stored row; rows may arrive in any order. */
  private readonly order: number[] = [];
  /** Whether rows arrived in run order so far (serial runs): then no sorting is needed. */
  private inOrder = true;
  /** Whether the rows so far are the window's tasks 0, 1, 2, ... in order: then the window's columns are theirs. */
  private dense: boolean;

  /** `window`: the plan of the window whose tasks every row pushed belongs to (see the header). */
  constructor(private readonly window?: PlannedWindow) {
    this.dense = window !== undefined;
  }

  static of(rows: readonly NewRow[]): RowBuffer {
    const buffer = new RowBuffer();
    rows.forEach((row, i) => buffer.push(undefined, row, i));
    return buffer;
  }

  get length(): number {
    return this.order.length;
  }

  /**
   * Adds the row made of `head` (if any) and `tail`, which is row number
   * `position` of the run. With a window, `head` is its task number
   * `position` and is not kept: the window makes it again when needed.
   */
  push(head: RowHead | undefined, tail: NewRow, position: number): void {
    if (position < this.order[this.order.length - 1]!) this.inOrder = false;
    if (this.window === undefined) this.heads.push(head);
    else if (position !== this.window.first + this.order.length) this.dense = false;
    this.pushTail(tail, this.order.length);
    this.order.push(position);
    this.layout = undefined;
  }

  /** Puts the cells of `tail`, stored row `row`, in their arrays. */
  private pushTail(tail: NewRow, row: number): void {
    const keys = this.lastTailKeys;
    const columns = this.lastTailColumns;
    // The row before had these keys, so their arrays hold `row` entries.
    if (hasKeys(tail, keys)) {
      for (let k = 0; k < keys.length; k++) columns[k]!.push(tail[keys[k]!]);
      return;
    }
    this.lastTailKeys = Object.keys(tail);
    this.lastTailColumns = this.lastTailKeys.map((key) => {
      let column = this.tails.get(key);
      if (column === undefined) {
        column = new TailColumn();
        this.tails.set(key, column);
        this.tailKeysFrom.set(key, row);
      }
      column.padTo(row);
      column.push(tail[key]);
      return column;
    });
  }

  /** Keys in the order they were first seen: pset, book, then added cells, row by row. */
  get keys(): readonly string[] {
    return this.keyLayout().keys;
  }

  /** The values of `key` in run order (undefined where a row lacks it). */
  column(key: string): unknown[] {
    const { parts, columns } = this.keyLayout();
    let column = columns.get(key);
    if (column === undefined) {
      const part = parts.get(key);
      if (this.dense && (part === "book" || part === "pset")) column = this.window!.column(key, this.length);
      column ??= this.gather(key, part);
      columns.set(key, column);
    }
    return column;
  }

  /**
   * The column type of `key` when known without looking at its values (the
   * type those values give): "utf8" for texts the window holds as bytes,
   * "timestamp" for a column of Dates.
   */
  typeHint(key: string): "utf8" | "timestamp" | undefined {
    if (this.fixedWidthText(key) !== undefined) return "utf8";
    return this.tails.get(key)?.isTimes(this.length) ? "timestamp" : undefined;
  }

  /** The time values (ms) of `key` in run order, when its every cell is a Date: what its column stores, without a Date per row. */
  timeValues(key: string): unknown[] | undefined {
    const column = this.tails.get(key);
    if (this.keyLayout().parts.get(key) !== "tail" || !column?.isTimes(this.length)) return undefined;
    return this.inRunOrder(column.cells(this.length));
  }

  /** The UTF-8 bytes of book column `key`, `width` per row, when the window holds them for these rows. */
  fixedWidthText(key: string): { bytes: Uint8Array; width: number } | undefined {
    if (!this.dense || this.keyLayout().parts.get(key) !== "book") return undefined;
    return this.window!.fixedWidthText(key, this.length);
  }

  private gather(key: string, part: Part | undefined): unknown[] {
    if (part === "tail") return this.inRunOrder(this.tails.get(key)!.values(this.length));
    const order = this.runOrder();
    const column = new Array<unknown>(this.length);
    const at = (i: number): number => (order === undefined ? i : order[i]!);
    const window = this.window;
    if (window !== undefined && part === "book") {
      // Rows out of task order (a pool): the window's column, picked by task.
      const all = window.column(key, window.length)!;
      for (let i = 0; i < column.length; i++) column[i] = all[this.order[at(i)]! - window.first];
      return column;
    }
    if (part === undefined) return column;
    // A key such as "toString" would find Object.prototype's member in rows that lack it.
    const value = isPrototypeName(key)
      ? (source: Readonly<NewRow>) => ownValue(source, key)
      : (source: Readonly<NewRow>) => source[key];
    if (window !== undefined) {
      for (let i = 0; i < column.length; i++) column[i] = value(window.parts.pset(this.order[at(i)]! - window.first));
      return column;
    }
    for (let i = 0; i < column.length; i++) {
      const source = this.heads[at(i)]?.[part];
      column[i] = source === undefined ? undefined : value(source);
    }
    return column;
  }

  /** The keys, the part holding each, and the columns gathered so far: made when first needed after a push. */
  private layout: { keys: string[]; parts: Map<string, Part>; columns: Map<string, unknown[]> } | undefined;

  private keyLayout(): { keys: string[]; parts: Map<string, Part>; columns: Map<string, unknown[]> } {
    if (this.layout !== undefined) return this.layout;
    const keys: string[] = [];
    const parts = new Map<string, Part>();
    const add = (key: string, part: Part): void => {
      if (part === "pset" && isOverriddenPsetKey(key)) return;
      if (!parts.has(key)) {
        parts.set(key, part);
        keys.push(key);
      }
    };
    // Consecutive rows mostly share their keys: each part is compared with
    // the last keys seen for it before any key is looked up.
    const last: Record<Exclude<Part, "tail">, string[]> = { pset: [], book: [] };
    const see = (source: Readonly<NewRow>, part: Exclude<Part, "tail">): void => {
      if (hasKeys(source, last[part])) return;
      last[part] = Object.keys(source);
      for (const key of last[part]) add(key, part);
    };
    const window = this.window;
    // A window's psets all have the same keys when it says so (a grid), and its books always do.
    const psetKeys = window?.parts.psetKeys;
    if (window !== undefined && psetKeys !== undefined && this.length > 0) {
      for (const key of psetKeys) add(key, "pset");
      for (const key of BOOK_OF_TASK) add(key, "book");
    }
    const tailKeys = [...this.tailKeysFrom];
    let nextTail = 0;
    for (let row = 0; row < this.length; row++) {
      if (window === undefined) {
        const head = this.heads[row];
        if (head !== undefined) {
          see(head.pset, "pset");
          see(head.book, "book");
        }
      } else if (psetKeys === undefined) {
        see(window.parts.pset(this.order[row]! - window.first), "pset");
        if (row === 0) for (const key of BOOK_OF_TASK) add(key, "book");
      }
      for (; nextTail < tailKeys.length && tailKeys[nextTail]![1] === row; nextTail++)
        add(tailKeys[nextTail]![0], "tail");
    }
    this.layout = { keys, parts, columns: new Map() };
    return this.layout;
  }

  /** `cells` (one per stored row) in run order. */
  private inRunOrder(cells: unknown[]): unknown[] {
    const order = this.runOrder();
    if (order === undefined) return cells;
    const column = new Array<unknown>(cells.length);
    for (let i = 0; i < column.length; i++) column[i] = cells[order[i]!];
    return column;
  }

  private sorted: number[] | undefined;

  /** The stored rows' numbers, sorted by their position in the run; undefined when that is 0, 1, 2, ... */
  private runOrder(): number[] | undefined {
    if (this.inOrder) return undefined;
    if (this.sorted?.length !== this.order.length) {
      this.sorted = Array.from(this.order.keys()).sort((a, b) => this.order[a]! - this.order[b]!);
    }
    return this.sorted;
  }
}

/**
 * The cells of one added key: entry r is stored row r's (entries missing at
 * the end are rows that lack the key). While every cell is a Date (as
 * _time_utc's are), the cells are their time values, numbers in one array:
 * a Date object per row would be kept for the whole window.
 */
class TailColumn {
  private kept: unknown[] = [];
  /** Whether every cell so far is a Date, kept as its time value. */
  private times = true;

  get length(): number {
    return this.kept.length;
  }

  push(value: unknown): void {
    if (this.times) {
      if (value instanceof Date) {
        this.kept.push(value.getTime());
        return;
      }
      this.times = false;
      this.kept = this.kept.map(dateOfTime);
    }
    this.kept.push(value);
  }

  /** Rows before `row` that lack the key. */
  padTo(row: number): void {
    while (this.kept.length < row) this.push(undefined);
  }

  /** Whether the cells of rows 0..length-1 are all Dates, kept as their time values. */
  isTimes(length: number): boolean {
    this.padTo(length);
    return this.times;
  }

  /** The cells of rows 0..length-1 as kept: time values while isTimes. */
  cells(length: number): unknown[] {
    this.padTo(length);
    return this.kept;
  }

  /** The cells of rows 0..length-1, as they were pushed. */
  values(length: number): unknown[] {
    this.padTo(length);
    return this.times ? this.kept.map(dateOfTime) : this.kept;
  }
}

function dateOfTime(cell: unknown): unknown {
  return typeof cell === "number" ? new Date(cell) : cell;
}
