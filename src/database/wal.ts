// The write-ahead log of one run (its lines: walFormat.ts). The run's tasks
// are logged before any pset starts; then each finished pset adds one short
// line. A line is written (one write call: from then on it survives the
// process being killed) as soon as a millisecond has passed since the last
// write, and by a timer when the thread is idle; rows finishing faster
// share one write. So a SIGKILL loses at most the rows of the last
// millisecond before it, or before a pset that blocks the thread, while a
// trivial func pays a fraction of a microsecond instead of a ~5 µs write
// call per row. The log is synced to the disk at least once a second.

import type { FileHandle, FileSystem } from "../runtime.js";
import { JsonBytes } from "../util/jsonBytes.js";
import type { Row, RowHead } from "./rowBuffer.js";
import type { Role } from "./schema.js";
import { FIRST_LINE, headerLine, planLines } from "./walFormat.js";

type RoleOf = (key: string) => Role;

/** How long a finished row may wait for the write that also takes the rows after it. */
export const WRITE_INTERVAL_MS = 1;
const SYNC_INTERVAL_MS = 1000;
/** Pending bytes that are written at once, whatever the time. */
const MAX_PENDING = 1 << 20;

/** Columns whose cell is the same in every row while one host runs the psets: stated once per header. */
const FIXED = new Set(["_exec_host"]);

export class WalWriter {
  /** The keys of the rows since the last header, which of them are fixed, and their values. */
  private columns: string[] = [];
  private fixed: boolean[] = [];
  private fixedValues: unknown[] = [];
  private position: number;
  /** Lines not written yet, as bytes. */
  private readonly pending = new JsonBytes();
  private lastWrite = performance.now();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastSync = performance.now();
  private syncing: Promise<void> | undefined;

  private constructor(
    private readonly handle: FileHandle,
    private readonly roleOf: RoleOf,
  ) {
    this.position = handle.size();
  }

  /** A new log at `path` holding the plan of `tasks` (numbered 0, 1, 2, ... as their `index`). */
  static async create(fs: FileSystem, path: string, roleOf: RoleOf, tasks: readonly RowHead[]): Promise<WalWriter> {
    if (!tasks.every((task, i) => task.index === i)) throw new Error("WalWriter: tasks must be numbered 0, 1, 2, ... in order");
    const writer = new WalWriter(await fs.open(path), roleOf);
    writer.pending.text(FIRST_LINE);
    for (const line of planLines(tasks)) {
      writer.pending.text(line);
      writer.flush();
    }
    return writer;
  }

  /** Logs the row of task `head` (one of the plan) with the cells `tail` its call added. */
  append(head: RowHead, tail: Row): void {
    if (!this.fits(tail)) this.header(tail);
    const pending = this.pending;
    pending.byte(0x5b); // [
    pending.cell(head.index);
    let i = 0;
    for (const key in tail) {
      if (this.fixed[i++]) continue;
      pending.byte(0x2c); // ,
      pending.cell(tail[key]);
    }
    pending.byte(0x5d); // ]
    pending.byte(0x0a);
    const now = performance.now();
    if (now - this.lastWrite >= WRITE_INTERVAL_MS || this.pending.length > MAX_PENDING) this.flush(now);
    else this.timer ??= setTimeout(() => this.flush(), WRITE_INTERVAL_MS);
    if (now - this.lastSync > SYNC_INTERVAL_MS && this.syncing === undefined) {
      this.lastSync = now;
      this.syncing = this.handle.sync().finally(() => (this.syncing = undefined));
    }
  }

  /** Whether `tail` has the keys of the last header, in its order, and its fixed cells (without allocating). */
  private fits(tail: Row): boolean {
    let i = 0;
    for (const key in tail) {
      if (key !== this.columns[i] || (this.fixed[i] && tail[key] !== this.fixedValues[i])) return false;
      i++;
    }
    return i === this.columns.length && i > 0;
  }

  private header(tail: Row): void {
    this.columns = Object.keys(tail);
    this.fixed = this.columns.map((key) => FIXED.has(key));
    this.fixedValues = this.columns.map((key) => tail[key]);
    const fixed: Row = {};
    this.columns.forEach((key, i) => {
      if (this.fixed[i]) fixed[key] = tail[key];
    });
    this.pending.text(headerLine(this.columns, this.columns.map(this.roleOf), fixed));
  }

  /** Writes the pending lines: from now on they survive the process being killed. */
  flush(now = performance.now()): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.lastWrite = now;
    if (this.pending.length === 0) return;
    this.handle.writeAt(this.pending.view(), this.position);
    this.position += this.pending.length;
    this.pending.clear();
  }

  async close(): Promise<void> {
    this.flush();
    await this.syncing;
    this.handle.close();
  }
}
