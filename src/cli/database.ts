// Reading a database for a command, and the library's JSON/CSV text of one.

import { mkdtempSync, readFileSync, rmSync, statSync, type Stats } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Table } from "apache-arrow";
import { CliError } from "./errors.js";
import { library, type DfFormat } from "./psweep.js";

/** What is at `path`, or undefined when nothing (or a path through a file, or one we may not look at). */
export function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** The database at `path` (read only: nothing is written, not even a recovery). */
export async function readDatabase(path: string): Promise<Table> {
  const info = statOf(path);
  if (info?.isDirectory()) throw new CliError(`${path} is a directory; give the database file, e.g. ${join(path, "database.arrow")}`);
  const { dfRead } = await library();
  let df: Table;
  try {
    df = await dfRead(path);
  } catch (error) {
    if (info === undefined) throw new CliError(`no database at ${path} (no such file)`);
    throw new CliError(`cannot read ${path} as a psweep database (an Arrow IPC file): ${error instanceof Error ? error.message : String(error)}`);
  }
  if (df.numCols === 0) throw new CliError(`cannot read ${path} as a psweep database (an Arrow IPC file): it has no columns`);
  return df;
}

/** What dfWrite writes for `format`, as bytes (written to a temporary file, read back). */
export async function encodeDatabase(df: Table, format: DfFormat): Promise<Uint8Array> {
  const { dfWrite } = await library();
  const dir = mkdtempSync(join(tmpdir(), "psweep-cli-"));
  try {
    const path = join(dir, `database.${format}`);
    await dfWrite(path, df, { format });
    return readFileSync(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
