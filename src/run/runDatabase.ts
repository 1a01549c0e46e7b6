// The database a run adds to: opened by the open stage, read by the plan,
// and given the run's rows by the commit stage. Saving, it is the file,
// opened with its lock (which recovers what a crashed run left), in its
// simulate copy when simulating, and backed up first when asked. With
// save: false there is no file and no store: the base is df (or an empty
// table), and the rows are added to it in memory.

import { Table } from "apache-arrow";
import { PsweepError } from "../errors.js";
import type { RowBuffer } from "../database/rowBuffer.js";
import { checkCanExtend, type RoleOf } from "../database/schema.js";
import { Store, readDatabaseFile, withRows, type Returned } from "../database/store.js";
import type { Runtime } from "../runtime.js";
import { joinPath } from "../util/path.js";
import type { CheckedOptions } from "./options.js";
import { backupCalcDir, prepareSimulateDir } from "./prepare.js";

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
    const base = opts.df ?? new Table();
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

/** What the plan reads of the database: the base, or only the columns it needs of the file. */
export async function planBase(database: RunDatabase, opts: CheckedOptions): Promise<Table> {
  if (database.store === undefined) return database.base;
  return (
    database.base ?? (await database.store.columns(["_run_seq", "_pset_seq", ...(opts.skipDups ? ["_pset_hash"] : [])]))
  );
}

/**
 * The commit stage: `rows` added to the database, and what run() returns.
 * Saving, they are appended to the file (and the run's log dropped); with
 * save: false, they are added to the base in memory.
 */
export async function commitRows(
  database: RunDatabase,
  rows: RowBuffer,
  roleOf: RoleOf,
  returned: Returned,
): Promise<Table> {
  if (database.store !== undefined) return database.store.commit(database.base, rows, roleOf, returned);
  const table = withRows(database.base, rows, roleOf);
  return returned === "all" ? table : new Table(table.schema, rows.length === 0 ? [] : table.batches.slice(-1));
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
