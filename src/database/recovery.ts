// What a crashed run leaves next to the database, judged before use: the
// journal of a cut-short append and the write-ahead logs of runs whose rows
// are not in the file. Each must prove it belongs to the file it would change
// (ipcFile.ts: judgeJournal; a log is stamped with the file it began on);
// one that does not, or a log that is damaged, is set aside with a warning by
// a run (which holds the lock) and only reported by a reader.

import type { Table } from "apache-arrow";
import { PsweepError } from "../errors.js";
import type { Runtime } from "../runtime.js";
import { joinPath } from "../util/path.js";
import { fileStamp, judgeJournal, undoAppend, withJournalUndone } from "./ipcFile.js";
import { setAside } from "./fileTrouble.js";
import { RowBuffer, type NewRow } from "./rowBuffer.js";
import type { Role, RoleOf } from "./schema.js";
import type { DatabasePaths } from "./store.js";
import { WAL_FORMAT, parseWal, type BaseStamp } from "./walFormat.js";

const decoder = new TextDecoder();

/** The database file's bytes as a reader sees them: with a cut-short append undone in memory. Null when there is no file. */
export async function readFileUndone(runtime: Runtime, paths: DatabasePaths): Promise<Uint8Array | null> {
  const { fs } = runtime;
  if ((await fs.stat(paths.file)) === null) return null;
  const bytes = await fs.readFile(paths.file);
  if ((await fs.stat(paths.journal)) === null) return bytes;
  const journal = await fs.readFile(paths.journal).catch(() => undefined); // removed this instant by a run
  if (journal === undefined) return bytes;
  const verdict = judgeJournal(journal, bytes.length, readerOf(bytes));
  if (verdict.kind === "foreign") {
    runtime.stdio.write(
      "stderr",
      `psweep: ${paths.journal} does not belong to ${paths.file} (${verdict.why}); ignored, and the next run() sets it aside\n`,
    );
  }
  return withJournalUndone(bytes, verdict);
}

/** Undoes a cut-short append on disk; sets aside a journal that does not belong to the file. Holds the lock. */
export async function recoverJournal(runtime: Runtime, paths: DatabasePaths): Promise<void> {
  const { fs } = runtime;
  if ((await fs.stat(paths.journal)) === null) return;
  const bytes = await fs.readFile(paths.journal);
  if ((await fs.stat(paths.file)) === null) {
    await setAside(
      runtime,
      paths.journal,
      `${paths.journal} is the journal of an append to ${paths.file}, which is gone; it was not applied`,
    );
    return;
  }
  const handle = await fs.open(paths.file);
  let verdict;
  try {
    verdict = judgeJournal(bytes, handle.size(), (length, position) => handle.readAt(length, position));
  } finally {
    handle.close();
  }
  if (verdict.kind === "foreign") {
    await setAside(
      runtime,
      paths.journal,
      `${paths.journal} does not belong to ${paths.file} (${verdict.why}); it was not applied, the file is as it was`,
    );
    return;
  }
  if (verdict.kind === "undo") await undoAppend(fs, paths.file, verdict.journal);
  await fs.remove(paths.journal);
  await fs.syncDir(paths.stateDir);
}

export interface Logged {
  /** Rows of the logs whose _pset_id is not in the table, in run and pset order. */
  readonly rows: RowBuffer;
  readonly roleOf: RoleOf;
  /** Logs whose rows are all in `rows` or in the table: removed once the rows are in the file. */
  readonly done: string[];
  /** Logs to set aside once the rows are in the file, each with the reason. */
  readonly damaged: Array<{ readonly path: string; readonly reason: string }>;
}

/**
 * The rows the logs add to `table` (the file's content, stamped `stamp`).
 * A reader (`forRun` false) gets a PsweepError for a damaged log; a run
 * keeps what can be read and sets the log aside afterwards. A log begun on
 * another file than this one adds nothing.
 */
export async function readLogs(
  runtime: Runtime,
  paths: DatabasePaths,
  table: Table | null,
  stamp: BaseStamp,
  forRun: boolean,
): Promise<Logged> {
  const { fs } = runtime;
  const roles = new Map<string, Role>();
  const roleOf: RoleOf = (key) => roles.get(key) ?? (key.startsWith("_") ? "book" : "result");
  const logged: Logged = { rows: new RowBuffer(), roleOf, done: [], damaged: [] };
  if ((await fs.stat(paths.walDir)) === null) return logged;
  const files = (await fs.readDir(paths.walDir))
    .filter((name) => name.endsWith(".jsonl"))
    .map((name) => joinPath(paths.walDir, name));
  if (files.length === 0) return logged;
  const known = new Set(table?.getChild("_pset_id")?.toArray() as string[] | undefined);
  const rows: NewRow[] = [];
  for (const file of files) {
    const text = await fs.readFile(file).then(
      (bytes) => decoder.decode(bytes),
      () => undefined,
    ); // removed this instant by a run
    if (text === undefined) continue;
    const log = parseWal(text);
    if (log.otherFormat !== undefined) {
      throw new PsweepError(
        `${file} is a write-ahead log of format ${JSON.stringify(log.otherFormat)}, which a newer psweep writes; ` +
          `this psweep reads format ${WAL_FORMAT} only, and its rows are not in ${paths.file} yet. ` +
          `Open the database with that newer psweep (its next run() adds them), or move the file out of ${paths.walDir} to go on without them; the database was not changed`,
      );
    }
    const fresh = log.rows.filter((row) => !known.has(row._pset_id as string));
    if (fresh.length > 0 && log.base !== undefined && !sameStamp(log.base, stamp)) {
      const reason =
        `${file} was begun on another ${paths.file} than the one there now (${describeStamp(log.base)}, now ${describeStamp(stamp)}); ` +
        `none of its ${fresh.length} rows were added`;
      if (!forRun) runtime.stdio.write("stderr", `psweep: ${reason}; the next run() sets it aside\n`);
      logged.damaged.push({ path: file, reason });
      continue;
    }
    if (log.problems.length > 0) {
      const what = `${file} is damaged: ${log.problems.length} line(s) cannot be read (${log.problems.slice(0, 3).join("; ")})`;
      if (!forRun) {
        throw new PsweepError(
          `${what}. The next run() on this database sets it aside and keeps the ${fresh.length} rows that can be read ` +
            `(run(func, [], {calcDir}) does only that)`,
        );
      }
      logged.damaged.push({
        path: file,
        reason: `${what}; the ${fresh.length} rows that could be read were added to the database`,
      });
    } else {
      logged.done.push(file);
    }
    rows.push(...fresh);
    for (const [key, role] of log.roles) if (!roles.has(key)) roles.set(key, role);
  }
  rows.sort(
    (a, b) => (a._run_seq as number) - (b._run_seq as number) || (a._pset_seq as number) - (b._pset_seq as number),
  );
  return { ...logged, rows: RowBuffer.of(rows) };
}

/** Once the logs' rows are in the file: removes the logs that are done, sets aside the others. */
export async function settleLogs(runtime: Runtime, logged: Logged): Promise<void> {
  for (const log of logged.done) await runtime.fs.remove(log);
  for (const { path, reason } of logged.damaged) await setAside(runtime, path, reason);
}

/** The stamp of the file held in `bytes` (null: no file). */
export function stampOf(bytes: Uint8Array | null): BaseStamp {
  return bytes === null ? { size: 0, tail: "" } : fileStamp(bytes.length, readerOf(bytes));
}

function sameStamp(a: BaseStamp, b: BaseStamp): boolean {
  return a.size === b.size && a.tail === b.tail;
}

function describeStamp(stamp: BaseStamp): string {
  return stamp.size === 0 ? "no file" : `${stamp.size} bytes, last bytes SHA-1 ${stamp.tail.slice(0, 12)}`;
}

function readerOf(bytes: Uint8Array): (length: number, position: number) => Uint8Array {
  return (length, position) => bytes.subarray(position, position + length);
}
