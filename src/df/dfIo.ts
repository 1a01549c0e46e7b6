// Reading and writing databases, and checking a calc dir against one.

import type { Table } from "apache-arrow";
import { PsweepError, describe } from "../errors.js";
import { writeIpcFileAtomically } from "../database/ipcFile.js";
import { readDatabase } from "../database/store.js";
import type { Runtime } from "../runtime.js";
import { dirname } from "../util/path.js";

/** The database at `path` (an Arrow IPC file), with every row a crashed run logged but did not compact. */
export async function dfRead(runtime: Runtime, path: string): Promise<Table> {
  const table = await readDatabase(runtime, path);
  if (table === null) throw new PsweepError(`dfRead: no database at ${path}`);
  return table;
}

export type DfFormat = "arrow" | "json" | "csv" | "parquet";

/** Writes `df` to `path`: an Arrow IPC file (default), JSON records, CSV or Parquet. Replaces the file atomically. */
export async function dfWrite(runtime: Runtime, path: string, df: Table, options: { format?: DfFormat } = {}): Promise<void> {
  const format = options.format ?? "arrow";
  await runtime.fs.mkdir(dirname(path));
  switch (format) {
    case "arrow":
      return writeIpcFileAtomically(runtime.fs, path, df);
    default:
      throw new PsweepError(`dfWrite: format must be "arrow", "json", "csv" or "parquet", got ${describe(format)}`);
  }
}

const PSET_DIR = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Pset folders in calcDir without a row in the database, and rows without a folder. */
export async function checkCalcDir(runtime: Runtime, calcDir: string, df: Table): Promise<{ dbNotDisk: string[]; diskNotDb: string[] }> {
  const onDisk = new Set((await runtime.fs.readDir(calcDir)).filter((name) => PSET_DIR.test(name)));
  const inDb = new Set(df.getChild("_pset_id")?.toArray() as string[] | undefined);
  return {
    dbNotDisk: [...inDb].filter((id) => !onDisk.has(id)).sort(),
    diskNotDb: [...onDisk].filter((id) => !inDb.has(id)).sort(),
  };
}
