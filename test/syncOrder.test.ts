// The order of file operations that durability against power loss rests on,
// recorded by a file system that wraps the Node binding's: a file is synced
// before the journal that could undo it is removed, a folder is synced after
// a rename in it, and a run longer than a second syncs its log.

import { describe, expect, it } from "vitest";
import { createPsweep } from "../src/api.js";
import type { FileHandle, FileSystem } from "../src/runtime.js";
import { cutShortAppend } from "./helpers/crashed.js";
import { plist, run, runtime } from "./helpers/psweep.js";
import { tmpDir } from "./helpers/tmp.js";

type Op = readonly [op: "write" | "truncate" | "sync" | "rename" | "remove" | "syncDir", path: string, to?: string];

/** A run() whose file system records every write, truncate, sync, rename, remove and folder sync, in order. */
function recordingRun(): { run: typeof run; ops: Op[] } {
  const ops: Op[] = [];
  const fs = runtime.fs;
  const recording: FileSystem = {
    ...fs,
    async writeFile(path, data, options) {
      ops.push(["write", path]);
      await fs.writeFile(path, data, options);
    },
    async open(path) {
      const handle = await fs.open(path);
      const recorded: FileHandle = {
        size: () => handle.size(),
        readAt: (length, position) => handle.readAt(length, position),
        readInto: (into, position) => handle.readInto(into, position),
        writeAt(data, position) {
          ops.push(["write", path]);
          handle.writeAt(data, position);
        },
        truncate(length) {
          ops.push(["truncate", path]);
          handle.truncate(length);
        },
        async sync() {
          ops.push(["sync", path]);
          await handle.sync();
        },
        close: () => handle.close(),
      };
      return recorded;
    },
    async rename(from, to) {
      ops.push(["rename", from, to]);
      await fs.rename(from, to);
    },
    async remove(path) {
      ops.push(["remove", path]);
      await fs.remove(path);
    },
    async syncDir(path) {
      ops.push(["syncDir", path]);
      await fs.syncDir(path);
    },
  };
  return { run: createPsweep({ ...runtime, fs: recording }).run, ops };
}

const find = (ops: Op[], op: Op[0], path: string, from = 0) =>
  ops.findIndex((o, i) => i >= from && o[0] === op && o[1] === path);
/** The index of the last op before `before` that satisfies `test`, or -1. */
function lastBefore(ops: Op[], before: number, test: (op: Op) => boolean): number {
  for (let i = Math.min(before, ops.length) - 1; i >= 0; i--) if (test(ops[i]!)) return i;
  return -1;
}
const dirOf = (path: string) => path.slice(0, path.lastIndexOf("/"));

/** Every rename is followed by a sync of the folder it renamed into. */
function expectFolderSyncedAfterEachRename(ops: Op[]): void {
  const renames = ops.flatMap((o, i) => (o[0] === "rename" ? [i] : []));
  expect(renames.length).toBeGreaterThan(0);
  for (const i of renames)
    expect(find(ops, "syncDir", dirOf(ops[i]![2]!), i + 1), `syncDir after ${ops[i]!.join(" ")}`).toBeGreaterThan(i);
}

const square = (p: { a: number }) => ({ y: p.a * p.a });

describe("order of file operations", () => {
  it("a new database: written to a temporary file, synced, renamed into place, the folder synced", async () => {
    const calcDir = `${tmpDir()}/calc`;
    const file = `${calcDir}/database.arrow`;
    const recorder = recordingRun();
    await recorder.run(square, plist("a", [1, 2]), { calcDir });
    const { ops } = recorder;
    const rename = ops.findIndex((o) => o[0] === "rename" && o[2] === file);
    expect(rename).toBeGreaterThan(0);
    const temporary = ops[rename]![1];
    const lastWrite = lastBefore(ops, rename, (o) => o[0] === "write" && o[1] === temporary);
    expect(lastWrite).toBeGreaterThanOrEqual(0);
    expect(find(ops, "sync", temporary, lastWrite)).toBeGreaterThan(lastWrite);
    expect(find(ops, "sync", temporary, lastWrite)).toBeLessThan(rename);
    expectFolderSyncedAfterEachRename(ops);
  });

  it("an append in place: the journal is synced and in place before the file changes, and the file is synced before the journal is removed", async () => {
    const calcDir = `${tmpDir()}/calc`;
    const file = `${calcDir}/database.arrow`;
    const journal = `${calcDir}/.psweep/database.arrow.journal`;
    await run(square, plist("a", [1, 2]), { calcDir });
    const recorder = recordingRun();
    await recorder.run(square, plist("a", [3]), { calcDir });
    const { ops } = recorder;
    const journalInPlace = ops.findIndex((o) => o[0] === "rename" && o[2] === journal);
    const firstFileWrite = find(ops, "write", file);
    const removeJournal = find(ops, "remove", journal);
    expect(journalInPlace).toBeGreaterThan(0);
    expect(find(ops, "sync", ops[journalInPlace]![1])).toBeLessThan(journalInPlace); // the journal's content
    expect(find(ops, "syncDir", dirOf(journal), journalInPlace)).toBeLessThan(firstFileWrite); // its name
    expect(firstFileWrite).toBeGreaterThan(journalInPlace);
    const lastFileChange = lastBefore(
      ops,
      removeJournal,
      (o) => (o[0] === "write" || o[0] === "truncate") && o[1] === file,
    );
    const fileSync = find(ops, "sync", file, lastFileChange);
    expect(fileSync).toBeGreaterThan(lastFileChange);
    expect(fileSync).toBeLessThan(removeJournal);
    expect(find(ops, "syncDir", dirOf(journal), removeJournal)).toBeGreaterThan(removeJournal);
    expectFolderSyncedAfterEachRename(ops);
  });

  it("undoing a cut-short append: the file is synced before its journal is removed", async () => {
    const calcDir = `${tmpDir()}/calc`;
    const file = `${calcDir}/database.arrow`;
    const journal = `${calcDir}/.psweep/database.arrow.journal`;
    await run(square, plist("a", [1, 2]), { calcDir });
    await cutShortAppend(file, journal, 2);
    const recorder = recordingRun();
    await recorder.run(square, [], { calcDir });
    const { ops } = recorder;
    const removeJournal = find(ops, "remove", journal);
    const lastFileChange = lastBefore(
      ops,
      removeJournal,
      (o) => (o[0] === "write" || o[0] === "truncate") && o[1] === file,
    );
    expect(lastFileChange).toBeGreaterThanOrEqual(0);
    const fileSync = find(ops, "sync", file, lastFileChange);
    expect(fileSync).toBeGreaterThan(lastFileChange);
    expect(fileSync).toBeLessThan(removeJournal);
    expect(find(ops, "syncDir", dirOf(journal), removeJournal)).toBeGreaterThan(removeJournal);
  });

  it("a run longer than a second syncs its log while it runs", async () => {
    const calcDir = `${tmpDir()}/calc`;
    const recorder = recordingRun();
    const slow = async (p: { a: number }) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { y: p.a };
    };
    await recorder.run(slow, plist("a", [1, 2, 3, 4, 5, 6]), { calcDir });
    const { ops } = recorder;
    const log = ops.find((o) => o[0] === "write" && o[1].endsWith(".jsonl"))![1];
    const rows = ops.flatMap((o, i) => (o[0] === "write" && o[1] === log ? [i] : []));
    const logSync = find(ops, "sync", log);
    // synced after rows were written, before the log is dropped
    expect(logSync).toBeGreaterThan(rows[2]!);
    expect(logSync).toBeLessThan(find(ops, "remove", log));
  });
});
