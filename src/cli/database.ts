// Reading the database a command was given, and the library's JSON/CSV text of one.

import type { Table } from "apache-arrow";
import { joinPath } from "../util/path.js";
import { CliError } from "./errors.js";
import { statOf } from "./files.js";
import type { CliContext } from "./program.js";

/** The database at `path` (read only: nothing is written, not even a recovery). */
export async function readGivenDatabase(cli: CliContext, path: string): Promise<Table> {
  const info = await statOf(cli.host.runtime, path);
  if (info?.kind === "directory")
    throw new CliError(`${path} is a directory; give the database file, e.g. ${joinPath(path, "database.arrow")}`);
  const { dfRead } = await cli.library();
  let df: Table;
  try {
    df = await dfRead(path);
  } catch (error) {
    if (info === undefined) throw new CliError(`no database at ${path} (no such file)`);
    throw new CliError(
      `cannot read ${path} as a psweep database (an Arrow IPC file): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (df.numCols === 0)
    throw new CliError(`cannot read ${path} as a psweep database (an Arrow IPC file): it has no columns`);
  return df;
}

/** The bytes dfWrite writes for `format` (the same encoders, without the file). */
export async function encodeDatabase(df: Table, format: "json" | "csv"): Promise<Uint8Array> {
  const text =
    format === "json"
      ? (await import("../df/formats/toJson.js")).toJson(df)
      : (await import("../df/formats/toCsv.js")).toCsv(df);
  return new TextEncoder().encode(text);
}
