// The database on disk: <calcDir>/<basename> (an Arrow IPC file) plus, in
// <calcDir>/.psweep/, the write-ahead logs of runs whose rows are not in the
// file yet, the journal of an append in progress, and the lock.
//
// Reading always merges the file and the logs. A run holds the lock, first
// finishes whatever a crashed run left (undo a cut-short append, move logged
// rows into the file), logs each row as it finishes, and at the end appends
// its rows to the file and drops its log.

import type { RecordBatch, Schema, Table } from "apache-arrow";
import { arrow, loadArrow } from "../arrow/loadArrow.js";
import type { FileHandle, Runtime } from "../runtime.js";
import { basename, dirname, joinPath } from "../util/path.js";
import { recordBatchOfBuffer, conformRecordBatch } from "./recordBatch.js";
import { columnBatches, schemaOfFile, type BatchPart } from "./columnRead.js";
import { fileError } from "./fileTrouble.js";
import {
  appendToIpcFile,
  canAppend,
  fileStamp,
  readIpcFile,
  schemaSignature,
  writeIpcFileAtomically,
} from "./ipcFile.js";
import { lazyTableOfFile, readLazyTables } from "./lazyTable.js";
import { acquireLock } from "./lock.js";
import { readFileUndone, readLogs, recoverJournal, settleLogs, stampOf } from "./recovery.js";
import type { RowBuffer, NewRow, RowHead } from "./rowBuffer.js";
import { columnsOf, extendColumns, isNativeSchema, sameColumns, type RoleOf } from "./schema.js";
import { WalWriter } from "./wal.js";
import type { BaseStamp } from "./walFormat.js";
import type { TaskList } from "./plannedWindow.js";

export interface DatabasePaths {
  readonly file: string;
  readonly stateDir: string;
  readonly walDir: string;
  readonly journal: string;
  readonly lock: string;
}

export function databasePaths(file: string): DatabasePaths {
  const stateDir = joinPath(dirname(file), ".psweep");
  const name = basename(file);
  return {
    file,
    stateDir,
    walDir: joinPath(stateDir, `${name}.wal`),
    journal: joinPath(stateDir, `${name}.journal`),
    lock: joinPath(stateDir, `${name}.lock`),
  };
}

/**
 * The database at `file` with every recorded row, without writing anything:
 * a cut-short append is undone in memory and logged rows are merged in.
 * Null when there is neither a file nor a log.
 */
export async function readDatabaseFile(runtime: Runtime, file: string): Promise<Table | null> {
  await loadArrow();
  const paths = databasePaths(file);
  const bytes = await readFileUndone(runtime, paths);
  const table = bytes === null ? null : readIpcFile(bytes, file);
  const logged = await readLogs(runtime, paths, table, stampOf(bytes), false);
  if (logged.rows.length === 0) return table;
  return merge(table ?? new (arrow().Table)(), logged.rows, logged.roleOf).table;
}

/** `table` with `rows` added, in memory. */
export function withRows(table: Table, rows: RowBuffer, roleOf: RoleOf): Table {
  return rows.length === 0 ? table : merge(table, rows, roleOf).table;
}

/** `table` with `rows` added, and how: the new batch, and whether old batches changed. */
function merge(table: Table, rows: RowBuffer, roleOf: RoleOf): { table: Table; batch: RecordBatch; widened: boolean } {
  const old = table.numCols > 0 ? columnsOf(table.schema) : [];
  const columns = extendColumns(old, rows, roleOf);
  const batch = recordBatchOfBuffer(rows, columns);
  // A file from elsewhere (e.g. polars' Utf8View strings) is re-encoded to psweep's types: new batches cannot share its schema.
  const widened = !sameColumns(old, columns) || !isNativeSchema(table.schema);
  const { RecordBatch, Table } = arrow();
  if (!widened && table.batches.length > 0) {
    // Every batch gets the table's own schema object. A schema read from a
    // file holds base type classes (Int_, not Int32), and apache-arrow
    // compares schemas with instanceof: its writers end the stream at a batch
    // whose schema does not compare equal, silently dropping the rows after.
    const own = new RecordBatch(table.schema, batch.data);
    return { table: new Table(table.schema, [...table.batches, own]), batch: own, widened };
  }
  return {
    table: new Table(batch.schema, [...table.batches.map((b) => conformRecordBatch(b, columns)), batch]),
    batch,
    widened,
  };
}

export class Store {
  private wal: WalWriter | undefined;
  private walPath: string | undefined;

  private constructor(
    private readonly runtime: Runtime,
    readonly paths: DatabasePaths,
    private readonly release: () => Promise<void>,
    /** The columns of the rows on disk, after recovery and after each commit. */
    private fileSchema: Schema,
    /** Every row on disk, when it was read (recovery reads it; a plain run does not) and nothing was added since. */
    private whole: Table | undefined,
  ) {}

  /** The columns of the rows on disk. */
  get schema(): Schema {
    return this.fileSchema;
  }

  /**
   * Takes the lock (waiting for another run), then recovers what a crashed
   * run left. Reads only the file's footer unless there are logged rows to
   * recover: a run's cost follows its own rows, not the database's.
   */
  static async open(
    runtime: Runtime,
    file: string,
    options: { lockTimeoutMs?: number; purpose: string },
  ): Promise<Store> {
    const paths = databasePaths(file);
    const { fs } = runtime;
    const { Schema, Table } = await loadArrow();
    await fs.mkdir(paths.stateDir);
    const release = await acquireLock(runtime, paths.lock, {
      timeoutMs: options.lockTimeoutMs,
      purpose: options.purpose,
    });
    try {
      await recoverJournal(runtime, paths);
      const exists = (await fs.stat(file)) !== null;
      if (!exists && !(await hasLogs(runtime, paths)))
        return new Store(runtime, paths, release, new Schema([]), new Table());
      if (exists && !(await hasLogs(runtime, paths))) {
        const schema = await withHandle(fs, file, schemaOfFile);
        if (schema !== undefined) return new Store(runtime, paths, release, schema, undefined);
      }
      const bytes = exists ? await fs.readFile(file) : null;
      let table = bytes === null ? new Table() : readIpcFile(bytes, file);
      const logged = await readLogs(runtime, paths, bytes === null ? null : table, stampOf(bytes), true);
      if (logged.rows.length > 0) table = (await write(runtime, paths, table, logged.rows, logged.roleOf, true)).table;
      await settleLogs(runtime, logged);
      return new Store(runtime, paths, release, table.schema, table);
    } catch (error) {
      await release();
      throw fileError(error, file, "recovering what an earlier run left", SPACE_HINT);
    }
  }

  /** Every row on disk (read once, when first asked for). */
  async table(): Promise<Table> {
    this.whole ??= readIpcFile(await this.runtime.fs.readFile(this.paths.file), this.paths.file);
    return this.whole;
  }

  /**
   * Every row on disk, as run() returns it: the rows in memory when they
   * are (a new database, a recovery), else a table that reads the file
   * when first looked at (lazyTable.ts), so that returning a big database
   * costs nothing until its rows are used.
   */
  async returnedTable(): Promise<Table> {
    if (this.whole !== undefined) return this.whole;
    return (await lazyTableOfFile(this.runtime, this.paths.file)) ?? (await this.table());
  }

  /** The columns `names` of every row on disk (those the database has), reading only their buffers when it can. */
  async columns(names: readonly string[]): Promise<Table> {
    return this.withColumns(
      names,
      ({ schema, parts }) =>
        new (arrow().Table)(
          schema,
          parts.map((part) => part.read()),
        ),
    );
  }

  /**
   * Hands `use` the columns `names` of every row on disk (those the database
   * has) as record batches read one at a time when it can (only their
   * buffers), so that a pass over a few columns of a huge database holds one
   * batch of them at a time. `passing`: `use` is done with each batch
   * before it reads the next (see columnBatches).
   */
  async withColumns<T>(
    names: readonly string[],
    use: (columns: { schema: Schema; numRows: number; parts: readonly BatchPart[] }) => T,
    options: { passing?: boolean } = {},
  ): Promise<T> {
    if (this.whole === undefined) {
      const read = await withHandle(this.runtime.fs, this.paths.file, (handle) => {
        const columns = columnBatches(handle, names, options);
        return columns && { done: use(columns) };
      });
      if (read !== undefined) return read.done;
    }
    const whole = await this.table();
    const some = whole.select(names.filter((name) => whole.schema.fields.some((field) => field.name === name)));
    const parts = some.batches.map((batch) => ({
      numRows: batch.numRows,
      metadata: batch.metadata,
      read: () => batch,
    }));
    return use({ schema: some.schema, numRows: some.numRows, parts });
  }

  /**
   * Starts the log of run `runId` with its `tasks` (one window of a run of
   * `runTasks` tasks, see WalWriter.create); `roleOf` tells what each new
   * key is. The log of the window before was dropped by its commit.
   */
  async begin(runId: string, roleOf: RoleOf, tasks: TaskList, runTasks = tasks.length): Promise<void> {
    const { fs } = this.runtime;
    this.walPath = joinPath(this.paths.walDir, `${runId}.jsonl`);
    try {
      await fs.mkdir(this.paths.walDir);
      const stamp = await currentStamp(fs, this.paths.file);
      this.wal = await WalWriter.create(fs, this.walPath, roleOf, tasks, stamp, runTasks);
    } catch (error) {
      throw fileError(error, this.walPath, "starting the run's log", "No pset of this window was run");
    }
  }

  /**
   * Logs a finished row (see RowBuffer for its parts): written within
   * WRITE_INTERVAL_MS (see wal.ts). Throws a PsweepError when the log cannot
   * be written (a full disk); the rows logged before stay recoverable.
   */
  record(head: RowHead, tail: NewRow): void {
    this.wal!.append(head, tail);
  }

  /**
   * Adds `rows` (a window's, as logged) to `base` and writes the result:
   * appended in place when `base` is the file's content with the same
   * columns, else the whole file is replaced atomically. Drops the log.
   * Returns the batch of the new rows (none when there are none).
   */
  async commit(base: Table | undefined, rows: RowBuffer, roleOf: RoleOf): Promise<RecordBatch | undefined> {
    // Every row goes to the log (a process killed now loses nothing), but the
    // log is not synced: the file is, and only then is the log dropped. A
    // power loss before that costs at most the rows the log got since its
    // last sync (under a second, see wal.ts), and spares syncing each row
    // twice (measured: ~2 µs per row of a trivial run).
    try {
      this.wal?.flush();
      const batch = rows.length === 0 ? undefined : await this.add(base, rows, roleOf);
      await this.dropLog();
      return batch;
    } catch (error) {
      throw fileError(error, this.paths.file, "adding the run's rows to it", SPACE_HINT);
    }
  }

  /**
   * Writes `rows` after `base` (undefined: the file as it is). The rows on
   * disk do not stay in memory: a run of many windows would hold them all.
   */
  private async add(base: Table | undefined, rows: RowBuffer, roleOf: RoleOf): Promise<RecordBatch> {
    const { fs } = this.runtime;
    let merged: ReturnType<typeof merge> | undefined;
    if (base === undefined && this.whole === undefined) {
      // Only the new batch is made: appended in place, the old rows are not read.
      merged = merge(new (arrow().Table)(this.fileSchema, []), rows, roleOf);
      if (merged.widened || !(await canAppend(fs, this.paths.file, schemaSignature(merged.batch.schema))))
        merged = undefined;
      else await appendToIpcFile(fs, this.paths.file, this.paths.journal, [merged.batch]);
    }
    if (merged === undefined) {
      const old = base ?? (await this.table());
      merged = await write(this.runtime, this.paths, old, rows, roleOf, base === undefined || base === this.whole);
    }
    this.fileSchema = merged.batch.schema;
    this.whole = undefined;
    return merged.batch;
  }

  /** Closes the log and releases the lock, whatever happened before: a failed run leaves neither behind. */
  async close(): Promise<void> {
    try {
      await this.wal?.close();
    } finally {
      this.wal = undefined;
      await this.release();
    }
  }

  private async dropLog(): Promise<void> {
    await this.wal?.close();
    this.wal = undefined;
    // Not synced: should the log come back after a power loss, its rows are in the file, and reading skips them.
    if (this.walPath) await this.runtime.fs.remove(this.walPath);
  }
}

const SPACE_HINT =
  "The rows of every finished pset are kept (in the file or its write-ahead log); once the cause is fixed (space freed), " +
  "the next run() on this database adds them";

/** Whether write-ahead logs lie in the log folder (rows a crashed run left, to recover). */
async function hasLogs(runtime: Runtime, paths: DatabasePaths): Promise<boolean> {
  if ((await runtime.fs.stat(paths.walDir)) === null) return false;
  return (await runtime.fs.readDir(paths.walDir)).some((name) => name.endsWith(".jsonl"));
}

async function withHandle<T>(fs: Runtime["fs"], path: string, use: (handle: FileHandle) => T): Promise<T> {
  const handle = await fs.open(path);
  try {
    return use(handle);
  } finally {
    handle.close();
  }
}

/** The stamp of the file at `path` as it is now (a new log is stamped with it). */
async function currentStamp(fs: Runtime["fs"], path: string): Promise<BaseStamp> {
  if ((await fs.stat(path)) === null) return stampOf(null);
  const handle = await fs.open(path);
  try {
    return fileStamp(handle.size(), (length, position) => handle.readAt(length, position));
  } finally {
    handle.close();
  }
}

/** Writes `base` + `rows` to the file; `baseIsFile` says the file holds exactly `base` now. */
async function write(
  runtime: Runtime,
  paths: DatabasePaths,
  base: Table,
  rows: RowBuffer,
  roleOf: RoleOf,
  baseIsFile: boolean,
): Promise<ReturnType<typeof merge>> {
  const merged = merge(base, rows, roleOf);
  const { fs } = runtime;
  const inPlace =
    baseIsFile &&
    !merged.widened &&
    (await fs.stat(paths.file)) !== null &&
    (await canAppend(fs, paths.file, schemaSignature(merged.batch.schema)));
  if (inPlace) await appendToIpcFile(fs, paths.file, paths.journal, [merged.batch]);
  else {
    readLazyTables(runtime, paths.file);
    await writeIpcFileAtomically(fs, paths.file, merged.table);
  }
  return merged;
}
