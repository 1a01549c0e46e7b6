// Reading and writing databases, and checking a calc dir against one.

import type { Table } from "apache-arrow";
import { loadArrow } from "../arrow/loadArrow.js";
import { PsweepError, describe } from "../errors.js";
import { isTable } from "../arrow/isTable.js";
import { readDatabaseFile } from "../database/store.js";
import { tableWithSeqMax } from "../database/seqMax.js";
import { isPlainObject } from "../isPlainObject.js";
import type { Runtime } from "../runtime.js";
import { dirname } from "../util/path.js";
import { writeFileAtomically } from "../util/writeFileAtomically.js";
import { withOneSchema } from "./formats/oneSchema.js";
import { toCsv } from "./formats/toCsv.js";
import { toJson } from "./formats/toJson.js";
import { toParquet } from "./formats/toParquet.js";
import { readLazyTables } from "../database/lazyTable.js";

/** The database at `path` (an Arrow IPC file), with every row a crashed run logged but did not compact. */
export async function dfRead(runtime: Runtime, path: string): Promise<Table> {
  await loadArrow();
  const table = await readDatabaseFile(runtime, path);
  if (table === null) throw new PsweepError(`dfRead: no database at ${path}`);
  return table;
}

export type DfFormat = "arrow" | "json" | "csv" | "parquet";

const FORMATS: readonly DfFormat[] = ["arrow", "json", "csv", "parquet"];
const FORMAT_LIST = FORMATS.map((f) => `"${f}"`).join(", ");

/**
 * Writes `df` to `path`, replacing the file atomically (a temporary file
 * `${path}.tmp`, renamed over it) and creating missing parent folders.
 *
 * Formats:
 * - "arrow" (default): an Arrow IPC file, as database.arrow.
 * - "json": an array of records, one object per row with every column, values
 *   as dfExtractDicts gives them (arrays and objects as JSON, timestamps as ISO
 *   8601 strings, null for missing). NaN and +-Infinity have no JSON form and
 *   are written as null.
 * - "csv": RFC 4180 with a header row; null is an empty field, arrays and
 *   objects are their JSON text, timestamps ISO 8601.
 * - "parquet": Parquet (via parquet-wasm, loaded on first use), Snappy-compressed,
 *   with the Arrow types.
 *
 * Bad arguments are a PsweepError, raised before anything is written.
 */
export async function dfWrite(
  runtime: Runtime,
  path: string,
  df: Table,
  options: { format?: DfFormat } = {},
): Promise<void> {
  const format = checkArguments(path, df, options);
  await loadArrow();
  const existing = await runtime.fs.stat(path);
  if (existing !== null && existing.kind === "directory") {
    throw new PsweepError(
      `dfWrite: ${path} is a directory; give the path of the file to write (e.g. ${path}/database.${format})`,
    );
  }
  // Converted before touching the disk: a table a format cannot hold leaves no file behind.
  const bytes = await encode(format, df);
  await runtime.fs.mkdir(dirname(path));
  const temporary = await runtime.fs.stat(`${path}.tmp`);
  if (temporary !== null && temporary.kind !== "file") {
    throw new PsweepError(
      `dfWrite: ${path}.tmp (the temporary file dfWrite writes before renaming it to ${path}) exists and is not a file; move it away`,
    );
  }
  readLazyTables(runtime, path);
  await writeFileAtomically(runtime.fs, path, bytes);
}

function checkArguments(path: unknown, df: unknown, options: unknown): DfFormat {
  if (typeof path !== "string" || path === "" || path.endsWith("/")) {
    throw new PsweepError(
      `dfWrite: path must be the path of a file (a non-empty string not ending in "/"), got ${describe(path)}`,
    );
  }
  if (!isTable(df)) {
    throw new PsweepError(
      `dfWrite: df must be an apache-arrow Table (as run() and dfRead() return), got ${describe(df)}`,
    );
  }
  if (options === undefined) return "arrow";
  if (options === null || typeof options !== "object" || !isPlainObject(options)) {
    throw new PsweepError(`dfWrite: options must be an object like {format: "csv"}, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (key !== "format")
      throw new PsweepError(
        `dfWrite: unknown option ${JSON.stringify(key)}; the only option is "format" (one of ${FORMAT_LIST})`,
      );
  }
  const format = (options as { format?: unknown }).format ?? "arrow";
  if (!FORMATS.includes(format as DfFormat)) {
    const hint =
      typeof format === "string" && FORMATS.includes(format.trim().toLowerCase() as DfFormat)
        ? ` (did you mean "${format.trim().toLowerCase()}"?)`
        : "";
    throw new PsweepError(`dfWrite: format must be one of ${FORMAT_LIST}, got ${describe(format)}${hint}`);
  }
  return format as DfFormat;
}

async function encode(format: DfFormat, df: Table): Promise<Uint8Array> {
  switch (format) {
    case "arrow":
      return (await loadArrow()).tableToIPC(tableWithSeqMax(withOneSchema(df)), "file");
    case "json":
      return new TextEncoder().encode(toJson(df));
    case "csv":
      return new TextEncoder().encode(toCsv(df));
    case "parquet":
      return toParquet(df);
  }
}

const PSET_DIR = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Pset folders in calcDir without a row in the database, and rows without a folder. */
export async function checkCalcDir(
  runtime: Runtime,
  calcDir: string,
  df: Table,
): Promise<{ dbNotDisk: string[]; diskNotDb: string[] }> {
  if (!isTable(df))
    throw new PsweepError(
      `checkCalcDir: df must be an apache-arrow Table (as run() and dfRead() return), got ${describe(df)}`,
    );
  const ids = df.getChild("_pset_id");
  if (ids === null)
    throw new PsweepError(
      `checkCalcDir: the database has no _pset_id column (columns are ${df.schema.fields.map((f) => f.name).join(", ")}); give the database run() wrote`,
    );
  const info = await runtime.fs.stat(calcDir);
  if (info?.kind !== "directory" && info?.kind !== "symlink")
    throw new PsweepError(`checkCalcDir: ${calcDir} is not a directory; give the calcDir the database belongs to`);
  const onDisk = new Set((await runtime.fs.readDir(calcDir)).filter((name) => PSET_DIR.test(name)));
  const inDb = new Set([...ids].filter((id): id is string => typeof id === "string"));
  return {
    dbNotDisk: [...inDb].filter((id) => !onDisk.has(id)).sort(),
    diskNotDb: [...onDisk].filter((id) => !inDb.has(id)).sort(),
  };
}
