// The database a run adds to: opened by the open stage, read by the plan,
// and given the run's rows, window by window, by the commit stage. Saving, it is the file,
// opened with its lock (which recovers what a crashed run left), in its
// simulate copy when simulating, and backed up first when asked. With
// save: false there is no file and no store: the base is df (or an empty
// table), and the rows are added to it in memory.

import type { RecordBatch, Table } from "apache-arrow";
import { arrow } from "../arrow/loadArrow.js";
import { PsweepError } from "../errors.js";
import { conformRecordBatch } from "../database/recordBatch.js";
import type { RowBuffer } from "../database/rowBuffer.js";
import { checkCanExtend, columnsOf, type RoleOf } from "../database/schema.js";
import { Store, readDatabaseFile, withRows } from "../database/store.js";
import type { Runtime } from "../runtime.js";
import { joinPath } from "../util/path.js";
import type { CheckedOptions } from "./options.js";
import { backupCalcDir, prepareSimulateDir } from "./prepare.js";
import { planBaseOf, type PlanBase } from "./plan.js";

export type RunDatabase =
  | {
      /** Where the psets' folders go: calcDir, or its simulate copy. */
      readonly calcDir: string;
      /** The file: its lock is held until close(). */
      readonly store: Store;
      /** The rows to extend (df); undefined: the file as it is, of which only the columns the plan needs are read. */
      readonly base: Table | undefined;
    }
  | { readonly calcDir: string; readonly store: undefined; readonly base: Table };

/** The open stage: the database of this run (see the header). Touches the disk only when saving. */
export async function openDatabase(runtime: Runtime, opts: CheckedOptions, runId: string): Promise<RunDatabase> {
  if (!opts.save) {
    const base = opts.df ?? new (arrow().Table)();
    checkCanExtend(base.schema, "df");
    return { calcDir: opts.calcDir, store: undefined, base };
  }
  let calcDir = opts.calcDir;
  if (opts.simulate) {
    const real = opts.df ?? (await readDatabaseFile(runtime, joinPath(calcDir, opts.databaseBasename)));
    calcDir = await prepareSimulateDir(runtime, calcDir, opts.databaseBasename, real);
  }
  const store = await Store.open(runtime, joinPath(calcDir, opts.databaseBasename), {
    lockTimeoutMs: opts.lockTimeout,
    purpose: `run ${runId}`,
  });
  try {
    const base = opts.df && !opts.simulate ? await baseOf(opts.df, store) : undefined;
    checkCanExtend(base?.schema ?? store.schema, store.paths.file);
    if (opts.backup && !opts.simulate) {
      await backupCalcDir(
        runtime,
        calcDir,
        await store.columns(["_time_utc", "_run_id"]),
        (path) => path === store.paths.lock,
      );
    }
    return { calcDir, store, base };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** What the plan needs of the database (see PlanBase): the base, or only the columns it needs of the file, a batch at a time. */
export async function planBase(database: RunDatabase, opts: CheckedOptions): Promise<PlanBase> {
  const base = database.base;
  if (base !== undefined) {
    // A table handed in may have been changed since its batches' metadata
    // was written: its columns are read, never that metadata.
    const parts = base.batches.map((batch) => ({ numRows: batch.numRows, metadata: new Map(), read: () => batch }));
    return planBaseOf(base.numRows, parts, opts.skipDups);
  }
  const store = database.store!; // without a store there is a base
  const names = ["_run_seq", "_pset_seq", ...(opts.skipDups ? ["_pset_hash"] : [])];
  return store.withColumns(names, ({ numRows, parts }) => planBaseOf(numRows, parts, opts.skipDups), {
    passing: true,
  });
}

/**
 * The commit stage, a window at a time: each window's rows are added to the
 * database as soon as the window ends. Saving, they are appended to the file
 * (and the window's log dropped); with save: false, they are added to the
 * base in memory. `table()` is what run() returns.
 */
export class Commit {
  /** The rows to extend: with a store, df until the first rows are written; in memory, the table so far. */
  private base: Table | undefined;
  /** This run's batches, for returnTable "new" (saving; in memory they are the base's last batches). */
  private readonly added: RecordBatch[] = [];
  private readonly batchesBefore: number;

  constructor(
    private readonly database: RunDatabase,
    private readonly roleOf: RoleOf,
    private readonly returned: CheckedOptions["returnTable"],
  ) {
    this.base = database.base;
    this.batchesBefore = database.base?.batches.length ?? 0;
  }

  /** Adds one window's rows (also none: saving, that drops the window's log). */
  async add(rows: RowBuffer): Promise<void> {
    const { store } = this.database;
    if (store === undefined) {
      this.base = withRows(this.base!, rows, this.roleOf);
      return;
    }
    const batch = await store.commit(this.base, rows, this.roleOf);
    if (batch === undefined) return;
    this.base = undefined; // the file holds the base now
    if (this.returned === "new") this.added.push(batch);
  }

  /** What run() returns (see RunOptions.returnTable). */
  async table(): Promise<Table> {
    const { store } = this.database;
    const { RecordBatch, Table } = arrow();
    if (store === undefined) {
      const table = this.base!;
      if (this.returned === "all") return table;
      return new Table(table.schema, this.returned === "new" ? table.batches.slice(this.batchesBefore) : []);
    }
    if (this.returned === "all") return this.base ?? (await store.returnedTable());
    const schema = this.base?.schema ?? store.schema;
    if (this.returned === "none" || this.added.length === 0) return new Table(schema, []);
    // A window that added columns widened the file: the run's earlier batches get them too.
    const last = this.added.at(-1)!;
    const columns = columnsOf(last.schema);
    return new Table(
      last.schema,
      this.added.map((batch) =>
        batch === last ? batch : new RecordBatch(last.schema, conformRecordBatch(batch, columns).data),
      ),
    );
  }
}

/** The database to extend when `df` is given: never one that would drop rows of the file. */
async function baseOf(df: Table, store: Store): Promise<Table | undefined> {
  const ids = new Set(df.getChild("_pset_id")?.toArray() as string[] | undefined);
  const onDisk = ((await store.columns(["_pset_id"])).getChild("_pset_id")?.toArray() ?? []) as string[];
  const missing = onDisk.filter((id) => !ids.has(id));
  if (missing.length > 0) {
    throw new PsweepError(
      `run: df lacks ${missing.length} of the ${onDisk.length} rows in ${store.paths.file} (e.g. _pset_id ${missing[0]}); ` +
        `saving would lose them. Extend the database read with dfRead, or pass save: false to work on df in memory only`,
    );
  }
  return onDisk.length === df.numRows ? undefined : df;
}
