// What happens to calcDir before psets run: the copy for simulate, and the backup.

import type { Table } from "apache-arrow";
import { PsweepError } from "../errors.js";
import type { Runtime } from "../runtime.js";
import { copyTree } from "../util/copyTree.js";
import { joinPath, normalizePath } from "../util/path.js";
import { writeIpcFileAtomically } from "../database/ipcFile.js";
import { readLazyTables } from "../database/lazyTable.js";

/** `<calcDir>.simulate`, recreated, holding only a copy of the database. */
export async function prepareSimulateDir(
  runtime: Runtime,
  calcDir: string,
  basename: string,
  database: Table | null,
): Promise<string> {
  const simulateDir = `${normalizePath(calcDir)}.simulate`;
  readLazyTables(runtime, simulateDir);
  await runtime.fs.remove(simulateDir);
  await runtime.fs.mkdir(simulateDir);
  if (database !== null) await writeIpcFileAtomically(runtime.fs, joinPath(simulateDir, basename), database);
  return simulateDir;
}

/** Where the backup of a database goes: named after its newest _time_utc and its last row's _run_id. */
export function backupDirOf(calcDir: string, database: Table): string | undefined {
  if (database.numRows === 0) return undefined;
  const times = database.getChild("_time_utc");
  const runIds = database.getChild("_run_id");
  if (!times || !runIds) return undefined;
  let newest = -Infinity;
  for (const time of times) if (typeof time === "number" && time > newest) newest = time;
  // %Y-%m-%dT%H:%M:%S.%fZ, microseconds; a database from elsewhere may have no usable times.
  const stamp =
    Number.isFinite(newest) && Math.abs(newest) <= 8.64e15
      ? `${new Date(newest).toISOString().slice(0, -1)}000Z`
      : "notime";
  return `${normalizePath(calcDir)}.bak_${stamp}_run_id_${safeNamePart(String(runIds.get(database.numRows - 1)))}`;
}

/**
 * A database value made safe to be part of one folder name: anything but
 * letters, digits and ._:+- becomes "_" (so "/", "\\" and NUL cannot make it
 * a path, and ".." is just two dots inside a name), and it is kept short.
 */
export function safeNamePart(text: string): string {
  return text.replace(/[^A-Za-z0-9._:+-]/g, "_").slice(0, 64);
}

/** Copies calcDir to its backup dir (symlinks kept); refuses when that exists. */
export async function backupCalcDir(
  runtime: Runtime,
  calcDir: string,
  database: Table,
  skip: (path: string) => boolean,
): Promise<void> {
  const target = backupDirOf(calcDir, database);
  if (target === undefined) return;
  if ((await runtime.fs.stat(target)) !== null) {
    throw new PsweepError(
      `run: backup target ${target} exists: the database has no rows newer than that backup. Nothing was run; leave out backup: true, or move that folder`,
    );
  }
  await copyTree(runtime.fs, calcDir, target, skip);
}
