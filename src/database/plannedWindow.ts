// One window of a run's tasks (run.ts), as the plan made it: its
// book-keeping columns in bulk (entry k belongs to the window's task k), and
// its tasks, each made when asked for. Nothing per task is kept: a window's
// task objects used to live as long as the window, long enough for the
// engine to promote them, and the old space it then let grow made the peak
// RSS (measured over a grid() of 10^6 psets: 1.6 KB allocated, 225 bytes
// promoted per pset; scavenges took a fifth of the run).
//
// While a window's rows arrive in task order (a serial run), these columns
// are the rows' own, and the record batch takes them from here: no book
// object is read back per row, and hashes and ids that came from the core as
// bytes are not encoded again. A grid's window also gives its parameter
// columns, gathered from the grid's axes instead of from the pset objects.

import { FixedWidthTexts } from "../util/fixedWidthTexts.js";
import type { Book } from "./bookColumns.js";
import type { RowHead } from "./rowBuffer.js";

export interface PlannedWindowParts {
  /** Task number (`index`) of the window's task 0. */
  readonly first: number;
  /** How many tasks the window has. */
  readonly count: number;
  /** The pset of task k: the caller's own object, or one a grid makes anew. */
  readonly pset: (k: number) => Readonly<Record<string, unknown>>;
  /** The keys of every pset of the window, in order, when they all have the same (a grid); else undefined. */
  readonly psetKeys?: readonly string[];
  /** The tasks' hashes: as bytes end to end when the core made them so (a grid), else as the strings the psets' hashing gave. */
  readonly hashes: FixedWidthTexts | readonly string[];
  /** The tasks' ids, as the core made them. */
  readonly ids: FixedWidthTexts;
  readonly runSeq: number;
  /** _pset_seq of task 0; task k has firstPsetSeq + k. */
  readonly firstPsetSeq: number;
  readonly runId: string;
  readonly calcDir: string;
  /** The values of parameter `key` of tasks 0..count-1, when they are at hand without the psets (a grid); else undefined. */
  readonly psetColumn?: (key: string, count: number) => unknown[] | undefined;
  /** The window's psets as a range of a grid, when they are one (no pset skipped): the log's plan states only that. */
  readonly grid?: GridRange;
}

/** Psets start..start+count-1 of a grid (see gridCore.ts): pset i has, per key, values[digit of i on the key's axis]. */
export interface GridRange {
  readonly shape: readonly number[];
  readonly start: number;
  readonly keys: readonly { readonly name: string; readonly axis: number; readonly values: readonly unknown[] }[];
}

/** A task of a window: its number in the run, its pset and its book-keeping fields. */
export interface WindowTask extends RowHead {
  readonly book: Book;
}

/** Task heads by position, as the log takes them: an array of them, or a window (which makes each when asked). */
export interface TaskList {
  readonly length: number;
  at(k: number): RowHead | undefined;
}

export class PlannedWindow implements TaskList {
  constructor(readonly parts: PlannedWindowParts) {}

  get first(): number {
    return this.parts.first;
  }

  get length(): number {
    return this.parts.count;
  }

  /** Task k, made anew: keep it only as long as it runs. */
  at(k: number): WindowTask {
    return { index: this.parts.first + k, pset: this.parts.pset(k), book: this.book(k) };
  }

  /** Tasks from..to-1, made anew. */
  tasks(from = 0, to = this.length): WindowTask[] {
    const tasks = new Array<WindowTask>(to - from);
    for (let k = from; k < to; k++) tasks[k - from] = this.at(k);
    return tasks;
  }

  /** The book of task k, its keys in BOOK_OF_TASK order. */
  book(k: number): Book {
    const p = this.parts;
    return {
      _pset_hash: p.hashes.at(k)!,
      _pset_id: p.ids.at(k)!,
      _run_seq: p.runSeq,
      _pset_seq: p.firstPsetSeq + k,
      _run_id: p.runId,
      _calc_dir: p.calcDir,
    };
  }

  /** The values of column `key` of tasks 0..count-1 when the window has them, else undefined. */
  column(key: string, count: number): unknown[] | undefined {
    const p = this.parts;
    switch (key) {
      case "_pset_hash":
        return p.hashes.slice(0, count);
      case "_pset_id":
        return p.ids.slice(0, count);
      case "_run_seq":
        return new Array<number>(count).fill(p.runSeq);
      case "_pset_seq": {
        const values = new Array<number>(count);
        for (let i = 0; i < count; i++) values[i] = p.firstPsetSeq + i;
        return values;
      }
      case "_run_id":
        return new Array<string>(count).fill(p.runId);
      case "_calc_dir":
        return new Array<string>(count).fill(p.calcDir);
      default:
        return p.psetColumn?.(key, count);
    }
  }

  /** The UTF-8 bytes of text column `key` of tasks 0..count-1, `width` per task, when the window holds them. */
  fixedWidthText(key: string, count: number): { bytes: Uint8Array; width: number } | undefined {
    const texts = key === "_pset_hash" ? this.parts.hashes : key === "_pset_id" ? this.parts.ids : undefined;
    if (!(texts instanceof FixedWidthTexts)) return undefined;
    return { bytes: texts.bytes.subarray(0, texts.width * count), width: texts.width };
  }
}
