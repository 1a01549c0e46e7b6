// Leaving what a crashed run leaves, for recovery tests: a real run killed
// with SIGKILL, or an in-place append cut short at a chosen step.

import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { appendToIpcFile } from "../../src/database/ipcFile.js";
import { recordBatchOfRows } from "../../src/database/recordBatch.js";
import { columnsOf } from "../../src/database/schema.js";
import type { FileSystem } from "../../src/runtime.js";
import { dfExtractDicts, dfRead, runtime } from "./psweep.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs test/fixtures/sweep.ts on psets i = 0..count-1 of sweep `iter`, and
 * kills it with SIGKILL once pset `waitAt` (which never returns) started:
 * psets 0..waitAt-1 are then in its write-ahead log only.
 */
export async function killedSweep(
  calcDir: string,
  iter: number,
  count: number,
  waitAt: number,
  markers: string,
): Promise<void> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "test/fixtures/sweep.ts", calcDir, String(iter), String(count), markers, "0", String(waitAt)],
    {
      stdio: "ignore",
    },
  );
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const start = Date.now();
  while (!(existsSync(markers) && readFileSync(markers, "utf8").trim().split("\n").length > waitAt)) {
    if (Date.now() - start > 30_000) throw new Error("the sweep did not start");
    await sleep(10);
  }
  await sleep(100); // the log's timer writes the last rows
  child.kill("SIGKILL");
  await exited;
}

/**
 * Appends copies of the rows of the database at `file` in place, with every
 * file operation of the append counted, and fails like a crash at operation
 * `failAt` (a write fails half done): 2 stops in the middle of writing the
 * new tail (the file does not read), 4 just before the file is synced (the
 * file reads, with the new rows). The journal stays behind.
 */
export async function cutShortAppend(file: string, journal: string, failAt: number): Promise<void> {
  if (!(await appendFailingAt(file, journal, failAt))) throw new Error("the append did not fail");
  if (!existsSync(journal)) throw new Error("no journal left");
}

/**
 * The same append, failing at operation `failAt` if it has that many; true
 * when it failed there, false when it finished (failAt is past its last step).
 */
export async function appendFailingAt(file: string, journal: string, failAt: number): Promise<boolean> {
  const base = await dfRead(file);
  const extra = recordBatchOfRows(
    dfExtractDicts(base).map((row) => ({ ...row, _pset_id: `${String(row._pset_id)}-x` })),
    columnsOf(base.schema),
  );
  let steps = 0;
  const step = () => {
    if (steps++ === failAt) throw new Error("crash");
  };
  const faulty: FileSystem = {
    ...runtime.fs,
    async open(path) {
      const handle = await runtime.fs.open(path);
      return {
        ...handle,
        writeAt(data, position) {
          if (steps === failAt) handle.writeAt(data.subarray(0, data.length >> 1), position); // a write cut short leaves half of it
          step();
          handle.writeAt(data, position);
        },
        truncate(length) {
          step();
          handle.truncate(length);
        },
        async sync() {
          step();
          await handle.sync();
        },
        size: () => handle.size(),
        readAt: (length, position) => handle.readAt(length, position),
        close: () => handle.close(),
      };
    },
  };
  return appendToIpcFile(faulty, file, journal, [extra]).then(
    () => false,
    () => true,
  );
}
