// The live report's data: the database as readDatabaseFile sees it (the file
// merged with the running sweeps' logs, read only), the sweeps' progress
// from their logs, and a version that changes when any of those files do.

import type { Runtime } from "../runtime.js";
import { databasePaths, readDatabaseFile } from "../database/store.js";
import { joinPath } from "../util/path.js";
import { liveStatus, type LiveStatus } from "./liveStatus.js";
import { reportData } from "./reportData.js";
import { toWire, type WireData } from "./wire.js";

export interface LiveSnapshot {
  readonly version: string;
  readonly data: WireData;
  readonly status: LiveStatus | null;
}

/** The log files of the sweeps running on the database `file`. */
async function logFiles(runtime: Runtime, file: string): Promise<string[]> {
  const { walDir } = databasePaths(file);
  if ((await runtime.fs.stat(walDir))?.kind !== "directory") return [];
  return (await runtime.fs.readDir(walDir))
    .filter((name) => name.endsWith(".jsonl"))
    .map((name) => joinPath(walDir, name));
}

/** Changes whenever the database file, its journal or a log grows, shrinks, appears or goes. */
export async function liveVersion(runtime: Runtime, file: string): Promise<string> {
  const { journal } = databasePaths(file);
  const parts: string[] = [];
  for (const path of [file, journal, ...(await logFiles(runtime, file))]) {
    const info = await runtime.fs.stat(path);
    if (info !== null) parts.push(`${path}:${info.size}`);
  }
  return parts.join("|");
}

const decoder = new TextDecoder();

export async function liveSnapshot(runtime: Runtime, file: string, nowMs: number): Promise<LiveSnapshot> {
  // The version first: a change while reading shows up at the next poll.
  const version = await liveVersion(runtime, file);
  const table = await readDatabaseFile(runtime, file);
  const logs: string[] = [];
  for (const path of await logFiles(runtime, file)) {
    // A log is dropped when its run ends, maybe between listing and reading it.
    try {
      logs.push(decoder.decode(await runtime.fs.readFile(path)));
    } catch {
      continue;
    }
  }
  const data = table === null ? { numRows: 0, columns: [] } : toWire(reportData(table));
  return { version, data, status: liveStatus(logs, nowMs) };
}
