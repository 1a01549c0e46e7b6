// Durability: a sweep killed with SIGKILL at random moments loses nothing
// that finished, and the database always opens.

import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { dfExtractDicts, dfRead, run } from "./helpers/psweep.js";
import { appendFailingAt } from "./helpers/crashed.js";
import { tmpDir } from "./helpers/tmp.js";

function startSweep(
  calcDir: string,
  iter: number,
  count: number,
  markers: string,
  workMs = 2,
  waitAt = -1,
  window?: number,
) {
  const args = [calcDir, String(iter), String(count), markers, String(workMs), String(waitAt)];
  const child = spawn(process.execPath, ["--import", "tsx", "test/fixtures/sweep.ts", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: window === undefined ? process.env : { ...process.env, SWEEP_WINDOW: String(window) },
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, output })),
  );
  return { child, exited };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(test: () => boolean, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!test()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting");
    await sleep(5);
  }
}

/** The (iter, i, start time in ms) of each pset whose func started, per the markers file. */
function started(markers: string): Array<[number, number, number]> {
  if (!existsSync(markers)) return [];
  return readFileSync(markers, "utf8")
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => line.split(" ").map(Number) as [number, number, number]);
}

/** The `i` of every row of sweep `iter` in the database, which must open. */
async function rowsOf(calcDir: string, iter: number): Promise<number[]> {
  if (existsSync(`${calcDir}/database.arrow`)) tableFromIPC(readFileSync(`${calcDir}/database.arrow`));
  const rows = dfExtractDicts(await dfRead(`${calcDir}/database.arrow`)).filter((row) => row.iter === iter);
  for (const row of rows) expect(row.square).toBe((row.i as number) ** 2);
  const mine = rows.map((row) => row.i as number);
  expect(new Set(mine).size).toBe(mine.length);
  return mine;
}

describe("crash safety", () => {
  it("SIGKILL at random moments: every finished pset is in the database and the file always opens", async () => {
    const dir = tmpDir();
    const calcDir = `${dir}/calc`;
    const count = 150;
    const kills = 12;
    let killedDuringRun = 0;
    for (let iter = 0; iter < kills; iter++) {
      const markers = `${dir}/markers-${iter}`;
      const { child, exited } = startSweep(calcDir, iter, count, markers);
      // Kill when a random number of psets has started (under any machine load), and every
      // fourth time just after the last one started: while the rows go into the file.
      const target = iter % 4 === 3 ? count : 1 + Math.floor(Math.random() * (count - 1));
      await waitFor(() => started(markers).length >= target);
      if (target === count) await sleep(Math.random() * 30);
      child.kill("SIGKILL");
      const { signal, output } = await exited;
      if (signal === "SIGKILL" && !output.includes("done")) killedDuringRun++;

      const marks = started(markers);
      // psets run one after the other and a row is logged before the next starts:
      // every pset but the last one that started has finished
      const finished = marks.slice(0, -1).map(([, i]) => i);
      const db = await dfRead(`${calcDir}/database.arrow`);
      const rows = dfExtractDicts(db);
      const mine = rows.filter((row) => row.iter === iter).map((row) => row.i);
      for (const i of finished) expect(mine, `iter ${iter} pset ${i}`).toContain(i);
      expect(new Set(mine).size).toBe(mine.length);
      expect(new Set(rows.map((row) => row._pset_id)).size).toBe(rows.length);
      for (const row of rows.filter((r) => r.iter === iter)) expect(row.square).toBe((row.i as number) ** 2);
      // the file itself opens at every moment
      if (existsSync(`${calcDir}/database.arrow`)) tableFromIPC(readFileSync(`${calcDir}/database.arrow`));
    }
    expect(killedDuringRun).toBeGreaterThanOrEqual(kills - kills / 4);

    // the next run finishes what the killed ones left: everything in the file, no log left
    const before = dfExtractDicts(await dfRead(`${calcDir}/database.arrow`));
    const df = await run(() => ({ square: -1 }), [{ iter: -1, i: -1 }], { calcDir });
    const after = dfExtractDicts(tableFromIPC(readFileSync(`${calcDir}/database.arrow`)));
    expect(after).toEqual(dfExtractDicts(df));
    expect(
      after
        .slice(0, -1)
        .map((r) => r._pset_id)
        .sort(),
    ).toEqual(before.map((r) => r._pset_id).sort());
    expect(readdirSync(`${calcDir}/.psweep/database.arrow.wal`)).toEqual([]);
  });

  it("SIGKILL in a run of many windows: the windows before are in the file, the running one in its log", async () => {
    const dir = tmpDir();
    const calcDir = `${dir}/calc`;
    const count = 120;
    for (let iter = 0; iter < 6; iter++) {
      const markers = `${dir}/markers-${iter}`;
      const { child, exited } = startSweep(calcDir, iter, count, markers, 1, -1, 16);
      await waitFor(() => started(markers).length >= 1 + Math.floor(Math.random() * (count - 1)));
      child.kill("SIGKILL");
      await exited;
      const finished = started(markers)
        .slice(0, -1)
        .map(([, i]) => i);
      const rows = dfExtractDicts(await dfRead(`${calcDir}/database.arrow`)).filter((row) => row.iter === iter);
      const mine = await rowsOf(calcDir, iter);
      for (const i of finished) expect(mine, `iter ${iter} pset ${i}`).toContain(i);
      // one run: one run id, and _pset_seq going on across windows as the psets' order
      expect(new Set(rows.map((row) => row._run_id)).size).toBe(1);
      expect(new Set(rows.map((row) => (row._pset_seq as number) - (row.i as number))).size).toBe(1);
    }
    await run(() => ({}), [], { calcDir });
    expect(readdirSync(`${calcDir}/.psweep/database.arrow.wal`)).toEqual([]);
  });

  it("trivial psets share writes: a SIGKILL loses at most the rows of the last milliseconds", async () => {
    const dir = tmpDir();
    const calcDir = `${dir}/calc`;
    for (let iter = 0; iter < 6; iter++) {
      const markers = `${dir}/markers-${iter}`;
      const { child, exited } = startSweep(calcDir, iter, 20_000, markers, 0);
      const target = 500 + Math.floor(Math.random() * 3000);
      await waitFor(() => started(markers).length >= target);
      child.kill("SIGKILL");
      await exited;
      const marks = started(markers);
      const lastStart = marks.at(-1)![2];
      const mine = await rowsOf(calcDir, iter);
      // A row is written at the latest when a row finishes a millisecond
      // after the last write: every pset followed by psets starting 5 ms
      // later (a margin for the marker writes) is in.
      const due = marks
        .slice(0, -1)
        .filter((_, k) => lastStart - marks[k + 1]![2] >= 5)
        .map(([, i]) => i);
      for (const i of due) expect(mine, `iter ${iter} pset ${i}`).toContain(i);
      expect(due.length).toBeGreaterThan(100);
    }
  });

  it("rows finished before a func that waits are written by the timer, not only by the next row", async () => {
    const dir = tmpDir();
    const calcDir = `${dir}/calc`;
    const markers = `${dir}/markers`;
    const { child, exited } = startSweep(calcDir, 0, 1000, markers, 0, 700);
    await waitFor(() => started(markers).length >= 701);
    await sleep(50);
    child.kill("SIGKILL");
    await exited;
    expect((await rowsOf(calcDir, 0)).sort((a, b) => a - b)).toEqual(Array.from({ length: 700 }, (_, i) => i));
  });

  it("an append cut short at any step leaves the old database, and the next open restores the file", async () => {
    const dir = tmpDir();
    const calcDir = `${dir}/calc`;
    const file = `${calcDir}/database.arrow`;
    const journal = `${calcDir}/.psweep/database.arrow.journal`;
    const base = await run((p: { a: number }) => ({ y: p.a }), [{ a: 1 }, { a: 2 }], { calcDir });
    const original = readFileSync(file);
    // every step of the append (each write, truncate and sync) in turn fails like a crash at that point
    for (let failAt = 0; ; failAt++) {
      const crashed = await appendFailingAt(file, journal, failAt);
      if (!crashed) {
        expect(failAt).toBeGreaterThan(3);
        expect(tableFromIPC(readFileSync(file)).numRows).toBe(4);
        break;
      }
      // read-only: the old rows, whatever state the file is in
      expect(dfExtractDicts(await dfRead(file))).toEqual(dfExtractDicts(base));
      // the next run's open puts the file back byte for byte
      await run(() => ({}), [], { calcDir });
      expect(readFileSync(file)).toEqual(original);
      expect(existsSync(journal)).toBe(false);
    }
  });
});
