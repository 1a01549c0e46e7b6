// New rows, kept until they become a record batch. A row of a run is kept
// as its parts: the pset and the book-keeping fields of its task (which the
// plan holds anyway) and the cells the call added. Nothing is copied per
// row; the columns are gathered once, when the batch is built. A row read
// back from a log is one part holding every cell. Rows of a window that
// arrive in task order take their book-keeping (and a grid's parameter)
// columns from the window's plan (windowBook.ts).

import { hasKeys } from "../util/hasKeys.js";
import { isPrototypeName, ownValue } from "../util/ownKeys.js";
import { BOOK_BEFORE_RESULTS } from "./bookColumns.js";
import type { WindowBook } from "./windowBook.js";

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
  private readonly heads: (RowHead | undefined)[] = [];
  private readonly tails: NewRow[] = [];
  /** Position in the run of each stored row; rows may arrive in any order. */
  private readonly order: number[] = [];
  /** Whether rows arrived in run order so far (serial runs): then no sorting is needed. */
  private inOrder = true;
  /** Whether the rows so far are the window's tasks 0, 1, 2, ... in order: then the window's columns are theirs. */
  private dense: boolean;

  /** `window`: the plan of the window whose tasks the rows belong to (see the header). */
  constructor(private readonly window?: WindowBook) {
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

  /** Adds the row made of `head` (if any) and `tail`, which is row number `position` of the run. */
  push(head: RowHead | undefined, tail: NewRow, position: number): void {
    if (position < this.order[this.order.length - 1]!) this.inOrder = false;
    if (this.dense && (head === undefined || position !== this.window!.first + this.order.length)) this.dense = false;
    this.heads.push(head);
    this.tails.push(tail);
    this.order.push(position);
    this.layout = undefined;
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

  /** The UTF-8 bytes of book column `key`, `width` per row, when the window holds them for these rows. */
  fixedWidthText(key: string): { bytes: Uint8Array; width: number } | undefined {
    if (!this.dense || this.keyLayout().parts.get(key) !== "book") return undefined;
    return this.window!.fixedWidthText(key, this.length);
  }

  private gather(key: string, part: Part | undefined): unknown[] {
    const order = this.runOrder();
    const column = new Array<unknown>(this.length);
    const at = (i: number): number => (order === undefined ? i : order[i]!);
    // A key such as "toString" would find Object.prototype's member in rows that lack it.
    if (part !== undefined && isPrototypeName(key)) {
      const source = (i: number): Readonly<NewRow> | undefined =>
        part === "tail" ? this.tails[at(i)] : this.heads[at(i)]?.[part];
      for (let i = 0; i < column.length; i++) {
        const row = source(i);
        column[i] = row === undefined ? undefined : ownValue(row, key);
      }
      return column;
    }
    // One loop per part: this runs once per column over every row of a run.
    if (part === "tail") for (let i = 0; i < column.length; i++) column[i] = this.tails[at(i)]![key];
    else if (part === "pset") for (let i = 0; i < column.length; i++) column[i] = this.heads[at(i)]?.pset[key];
    else if (part === "book") for (let i = 0; i < column.length; i++) column[i] = this.heads[at(i)]?.book[key];
    return column;
  }

  /** The keys, the part holding each, and the columns gathered so far: made when first needed after a push. */
  private layout: { keys: string[]; parts: Map<string, Part>; columns: Map<string, unknown[]> } | undefined;

  private keyLayout(): { keys: string[]; parts: Map<string, Part>; columns: Map<string, unknown[]> } {
    if (this.layout !== undefined) return this.layout;
    const keys: string[] = [];
    const parts = new Map<string, Part>();
    // Consecutive rows mostly share their keys: each part is compared with
    // the last keys seen for it before any key is looked up.
    const last: Record<Part, string[]> = { pset: [], book: [], tail: [] };
    const see = (source: Readonly<NewRow>, part: Part): void => {
      if (hasKeys(source, last[part])) return;
      last[part] = Object.keys(source);
      for (const key of last[part]) {
        if (part === "pset" && isOverriddenPsetKey(key)) continue;
        if (!parts.has(key)) {
          parts.set(key, part);
          keys.push(key);
        }
      }
    };
    for (let at = 0; at < this.length; at++) {
      const head = this.heads[at];
      if (head !== undefined) {
        see(head.pset, "pset");
        see(head.book, "book");
      }
      see(this.tails[at]!, "tail");
    }
    this.layout = { keys, parts, columns: new Map() };
    return this.layout;
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
