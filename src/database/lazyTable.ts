// The table run() returns: the whole database (SPEC §4), without reading it.
// Reading a database of 10^6 rows takes a second or more, and a run that
// appends 1,000 rows to it takes 40 ms; most callers of run() never look at
// the old rows. So run() returns a Table whose schema and row count are
// known at once (from the file's footer and batch headers) and whose rows
// are read from the file the first time anything else of it is asked for.
//
// It holds the database as run() left it. Appends made later (by other runs)
// leave its bytes in place: the table reads only the file's first bytes, up
// to where its last batch ended, plus the footer it saw, which it kept. A
// fingerprint of those bytes (as an append's journal has) proves they are
// still the same when it reads them; when the file was replaced meanwhile
// (rewritten with new columns, removed, restored from a backup), looking at
// the table throws a PsweepError instead of giving other rows. Before psweep
// itself replaces or removes a database file (a run that adds columns,
// simulate's copy, dfWrite), it reads the tables of that file not read yet
// (readLazyTables), so that runs in one process never break each other's
// tables.

import type { Schema, Table } from "apache-arrow";
import { arrow } from "../arrow/loadArrow.js";
import { PsweepError } from "../errors.js";
import type { FileSystem, Runtime } from "../runtime.js";
import { resolvePath } from "../util/path.js";
import { columnBatches } from "./columnRead.js";
import { headPrint, readIpcFile, readTail } from "./ipcFile.js";

/** What a lazy table needs to read its rows later, taken while run() holds the lock. */
interface Snapshot {
  /** Absolute: the table is read later, perhaps after the working directory changed. */
  readonly file: string;
  /** Where the last batch ends: the bytes before are the table's. */
  readonly dataEnd: number;
  /** The file's bytes from dataEnd to its end then: end-of-stream marker, footer, its length, magic. */
  readonly tail: Uint8Array;
  /** headPrint of the bytes before dataEnd. */
  readonly print: string;
  readonly schema: Schema;
  readonly numRows: number;
}

/**
 * The database file at `file` as a table read when first looked at (see
 * the top), or undefined when the file is not one psweep wrote as it writes
 * (compressed, with dictionaries, foreign types): the caller reads it now.
 */
export async function lazyTableOfFile(runtime: Runtime, file: string): Promise<Table | undefined> {
  const handle = await runtime.fs.open(file);
  let snapshot: Snapshot;
  try {
    const headers = columnBatches(handle, []);
    if (headers === undefined) return undefined;
    const { dataEnd, footer } = readTail(handle);
    snapshot = {
      file: resolvePath(runtime.cwd(), file),
      dataEnd,
      tail: handle.readAt(handle.size() - dataEnd, dataEnd),
      print: headPrint((length, position) => handle.readAt(length, position), dataEnd),
      schema: footer.schema,
      numRows: headers.numRows,
    };
  } finally {
    handle.close();
  }
  return new (lazyTableClass())(snapshot, runtime.fs);
}

/**
 * Reads every lazy table of the file at `path`, or of files under `path`
 * when it is a folder, that was not read yet: psweep calls it before it
 * replaces or removes that path. A table whose file already changed keeps
 * its error for when it is looked at.
 */
export function readLazyTables(runtime: Runtime, path: string): void {
  const target = resolvePath(runtime.cwd(), path);
  for (const [file, tables] of unreadTables) {
    if (file !== target && !file.startsWith(`${target}/`)) continue;
    unreadTables.delete(file);
    for (const table of tables) {
      try {
        table.deref()?.read();
      } catch {
        // Kept by the table, thrown when it is looked at; the change psweep is about to make goes on.
      }
    }
  }
}

interface LazyTable extends Table {
  /** Reads the rows now, unless done; a failure is kept and thrown when the table is looked at. */
  read(): void;
}

/** Lazy tables not read yet, by their file; weakly, so that one nobody holds can go. */
const unreadTables = new Map<string, Set<WeakRef<LazyTable>>>();

function unreadOf(file: string): Set<WeakRef<LazyTable>> {
  let tables = unreadTables.get(file);
  if (tables === undefined) unreadTables.set(file, (tables = new Set()));
  for (const table of tables) if (table.deref() === undefined) tables.delete(table);
  return tables;
}

/**
 * The own properties every apache-arrow Table method reads its rows from
 * (its constructor sets them). Until the rows are read they are getters that
 * read them; then plain values, as on any Table.
 */
const ROW_PROPERTIES = ["batches", "_offsets", "_nullCount"] as const;

type LazyTableClass = new (snapshot: Snapshot, fs: FileSystem) => LazyTable;
let LazyTableClass: LazyTableClass | undefined;

/** The class, made on first use: its base class is apache-arrow's, loaded on first use (loadArrow.ts). */
function lazyTableClass(): LazyTableClass {
  LazyTableClass ??= class LazyFileTable extends arrow().Table implements LazyTable {
    #snapshot: Snapshot | undefined;
    #fs: FileSystem;
    #failure: PsweepError | undefined;
    readonly #self = new WeakRef<LazyTable>(this);

    constructor(snapshot: Snapshot, fs: FileSystem) {
      super(snapshot.schema, []);
      this.#snapshot = snapshot;
      this.#fs = fs;
      unreadOf(snapshot.file).add(this.#self);
      for (const name of ROW_PROPERTIES) {
        Object.defineProperty(this, name, {
          configurable: true,
          enumerable: true,
          get: () => {
            this.read();
            return Reflect.get(this, name);
          },
          set: (value: unknown) => {
            this.read();
            Reflect.set(this, name, value);
          },
        });
      }
    }

    /** Known without reading the rows: counted from the batch headers. */
    override get numRows(): number {
      return this.#snapshot?.numRows ?? super.numRows;
    }

    read(): void {
      if (this.#failure !== undefined) throw this.#failure;
      const snapshot = this.#snapshot;
      if (snapshot === undefined) return;
      let table: Table;
      try {
        table = readSnapshot(this.#fs, snapshot);
      } catch (error) {
        // A changed file stays changed; a failed read (a full file table, say) may succeed when tried again.
        if (error instanceof PsweepError) throw (this.#failure = error);
        throw new PsweepError(`reading the rows of the table run() returned from ${snapshot.file}: ${String(error)}`, {
          cause: error,
        });
      }
      this.#snapshot = undefined;
      unreadTables.get(snapshot.file)?.delete(this.#self);
      // The read schema, not the footer's: the same columns, as apache-arrow makes them when it reads batches.
      for (const name of ["schema", ...ROW_PROPERTIES]) {
        Object.defineProperty(this, name, {
          configurable: true,
          enumerable: true,
          writable: true,
          value: Reflect.get(table, name),
        });
      }
    }
  };
  return LazyTableClass;
}

/** The file's bytes as the snapshot saw them, read as a table; a PsweepError when they changed. */
function readSnapshot(fs: FileSystem, snapshot: Snapshot): Table {
  const { file, dataEnd, tail, print, numRows } = snapshot;
  const bytes = new Uint8Array(dataEnd + tail.length);
  const read = fs.readIntoSync(file, bytes.subarray(0, dataEnd));
  const same =
    read === dataEnd && headPrint((length, position) => bytes.subarray(position, position + length), dataEnd) === print;
  const changed = (what: string): PsweepError =>
    new PsweepError(
      `the table run() returned could not be read: since that run, ${file} ${what}. ` +
        `Read the database as it is now with dfRead(${JSON.stringify(file)})`,
    );
  if (read === null) throw changed("was removed");
  if (!same) throw changed("was replaced or rewritten (its first rows are not those the run left)");
  bytes.set(tail, dataEnd);
  const table = readIpcFile(bytes, file);
  if (table.numRows !== numRows) throw changed(`holds ${table.numRows} rows where the run left ${numRows}`);
  return table;
}
