// The write-ahead log of one window of a run (its lines: walFormat.ts; a
// run's windows: run.ts). The window's tasks are logged before any of its
// psets starts; then each finished pset adds one short line. A line is written (one write call: from then on it survives the
// process being killed) as soon as a millisecond has passed since the last
// write, and by a timer when the thread is idle; rows finishing faster
// share one write. So a SIGKILL loses at most the rows of the last
// millisecond before it, or before a pset that blocks the thread, while a
// trivial func pays a fraction of a microsecond instead of a ~5 µs write
// call per row. The log is synced to the disk at least once a second.
//
// A write or sync that fails (a full disk) stops the log: the error, naming
// the file, is thrown by the next append and by close, and the lines written
// before it stay readable (a line cut short has no newline and is ignored).

import type { FileHandle, FileSystem } from "../runtime.js";
import { JsonCellBytes } from "../cells/jsonCellBytes.js";
import type { NewRow, RowHead } from "./rowBuffer.js";
import { PlannedWindow, type TaskList } from "./plannedWindow.js";
import type { RoleOf } from "./schema.js";
import { fileError } from "./fileTrouble.js";
import { FIRST_LINE, baseLine, headerLine, planLines, windowLine, type BaseStamp } from "./walFormat.js";

/** How long a finished row may wait for the write that also takes the rows after it. */
export const WRITE_INTERVAL_MS = 1;
const SYNC_INTERVAL_MS = 1000;
/** Pending bytes that are written at once, whatever the time. */
const MAX_PENDING = 1 << 20;

const KEPT =
  "The rows logged before are kept in it; once the cause is fixed (space freed), the next run() on this database adds them";

/** Columns whose cell is the same in every row while one host runs the psets: stated once per header. */
const FIXED = new Set(["_exec_host"]);

export class WalWriter {
  /** The keys of the rows since the last header, which of them are fixed, and their values. */
  private columns: string[] = [];
  private fixed: boolean[] = [];
  private fixedValues: unknown[] = [];
  private position: number;
  /** Lines not written yet, as bytes. */
  private readonly pending = new JsonCellBytes();
  private lastWrite = performance.now();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastSync = performance.now();
  private syncing: Promise<void> | undefined;
  /** Why the log stopped: every later append and close throws it. */
  private failure: Error | undefined;
  private closed = false;

  private constructor(
    private readonly handle: FileHandle,
    private readonly path: string,
    private readonly roleOf: RoleOf,
    /** The run's number of the log's first task: the log numbers its tasks from 0. */
    private readonly first: number,
  ) {
    this.position = handle.size();
  }

  /**
   * A new log at `path` for rows to be added to the database file `base`
   * describes, holding the plan of `tasks`: tasks first, first + 1, ... (as
   * their `index`) of a run of `runTasks` tasks (the tasks before `first`
   * are in the file). A PlannedWindow is logged as its plan (see planLines).
   */
  static async create(
    fs: FileSystem,
    path: string,
    roleOf: RoleOf,
    tasks: TaskList,
    base: BaseStamp,
    runTasks = tasks.length,
  ): Promise<WalWriter> {
    const first = tasks.at(0)?.index ?? 0;
    // A window's tasks are so by construction, and made only when asked for.
    if (!(tasks instanceof PlannedWindow)) {
      for (let k = 0; k < tasks.length; k++)
        if (tasks.at(k)!.index !== first + k)
          throw new Error("WalWriter: tasks must be numbered consecutively, in order");
    }
    const writer = new WalWriter(await fs.open(path), path, roleOf, first);
    try {
      writer.pending.text(FIRST_LINE);
      writer.pending.text(baseLine(base));
      if (first > 0 || runTasks !== tasks.length) writer.pending.text(windowLine({ first, of: runTasks }));
      // A line may come in pieces (text, and bytes the core made): one write per line.
      for (const piece of planLines(tasks)) {
        if (typeof piece !== "string") writer.pending.raw(piece);
        else {
          writer.pending.text(piece);
          if (piece.endsWith("\n")) writer.flush();
        }
      }
    } catch (error) {
      await writer.close().catch(() => undefined);
      throw error;
    }
    return writer;
  }

  /** Logs the row of task `head` (one of the plan) with the cells `tail` its call added. */
  append(head: RowHead, tail: NewRow): void {
    if (this.failure) throw this.failure;
    if (!this.fits(tail)) this.header(tail);
    const pending = this.pending;
    pending.byte(0x5b); // [
    pending.cell(head.index - this.first);
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
    else this.timer ??= setTimeout(() => this.flushQuietly(), WRITE_INTERVAL_MS);
    if (now - this.lastSync > SYNC_INTERVAL_MS && this.syncing === undefined) {
      this.lastSync = now;
      this.syncing = this.sync()
        .catch(() => undefined)
        .finally(() => (this.syncing = undefined));
    }
  }

  /** A timer's flush: a failure is kept for the next append (a throw here would end the process). */
  private flushQuietly(): void {
    try {
      this.flush();
    } catch {
      // this.failure holds it
    }
  }

  private async sync(): Promise<void> {
    try {
      await this.handle.sync();
    } catch (error) {
      throw (this.failure ??= fileError(error, this.path, "syncing the run's log to the disk", KEPT));
    }
  }

  /** Whether `tail` has the keys of the last header, in its order, and its fixed cells (without allocating). */
  private fits(tail: NewRow): boolean {
    let i = 0;
    for (const key in tail) {
      if (key !== this.columns[i] || (this.fixed[i] && tail[key] !== this.fixedValues[i])) return false;
      i++;
    }
    return i === this.columns.length && i > 0;
  }

  private header(tail: NewRow): void {
    this.columns = Object.keys(tail);
    this.fixed = this.columns.map((key) => FIXED.has(key));
    this.fixedValues = this.columns.map((key) => tail[key]);
    const fixed: NewRow = {};
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
    if (this.failure) throw this.failure;
    if (this.pending.length === 0) return;
    try {
      this.handle.writeAt(this.pending.view(), this.position);
    } catch (error) {
      this.pending.clear();
      throw (this.failure = fileError(error, this.path, "writing the run's log", KEPT));
    }
    this.position += this.pending.length;
    this.pending.clear();
  }

  /** Writes what is pending and closes the file; the file is closed also when that fails. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      if (!this.failure) this.flush();
      await this.syncing;
    } finally {
      this.closed = true;
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.handle.close();
    }
    if (this.failure) throw this.failure;
  }
}
