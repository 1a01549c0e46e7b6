// What a crashed run leaves (a journal, a write-ahead log) is applied only
// to the file it belongs to; a damaged log or database gives a PsweepError
// naming the file, and a damaged log does not leave the study stuck.

import { copyFileSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tableFromIPC } from "apache-arrow";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PsweepError } from "../src/errors.js";
import { cutShortAppend, killedSweep } from "./helpers/crashed.js";
import { dfExtractDicts, dfRead, plist, run, runtime } from "./helpers/psweep.js";
import { tmpDir } from "./helpers/tmp.js";

/** Everything psweep writes to stderr through the runtime from now on. */
function captureStderr(): () => string {
  const spy = vi.spyOn(runtime.stdio, "write");
  return () =>
    spy.mock.calls
      .filter(([stream]) => stream === "stderr")
      .map(([, text]) => text)
      .join("");
}

afterEach(() => {
  vi.restoreAllMocks();
});

/** Where the batches of an Arrow IPC file end (its end-of-stream marker and footer follow). */
function dataEnd(bytes: Uint8Array): number {
  const footerLength = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 10, 4).getInt32(0, true);
  return bytes.length - 10 - footerLength - 8;
}

const square = (p: { a: number }) => ({ y: p.a * p.a, s: `row ${p.a}` });

/** A database of `count` rows in a calcDir of its own; its bytes. */
async function otherDatabase(count: number): Promise<Uint8Array> {
  const calcDir = `${tmpDir()}/calc`;
  await run(
    square,
    plist(
      "a",
      Array.from({ length: count }, (_, i) => 1000 + i),
    ),
    { calcDir },
  );
  return readFileSync(`${calcDir}/database.arrow`);
}

describe("a journal proves it belongs to the file", () => {
  for (const failAt of [2, 4]) {
    for (const rows of [1, 300]) {
      it(`a database put in the place of one whose append was cut short (at step ${failAt}) keeps every byte; the journal is set aside (${rows} rows)`, async () => {
        const calcDir = `${tmpDir()}/calc`;
        const file = `${calcDir}/database.arrow`;
        const journal = `${calcDir}/.psweep/database.arrow.journal`;
        await run(square, plist("a", [1, 2, 3]), { calcDir });
        await cutShortAppend(file, journal, failAt);
        const journalBytes = readFileSync(journal);
        const replacement = await otherDatabase(rows);
        writeFileSync(file, replacement); // restored from a backup, copied from a colleague

        const stderr = captureStderr();
        const df = await run(square, [{ a: 7 }], { calcDir });
        const after = readFileSync(file);
        // the replacement's batches, byte for byte, then the new run's row
        expect(after.subarray(0, dataEnd(replacement))).toEqual(replacement.subarray(0, dataEnd(replacement)));
        const expected = [...dfExtractDicts(tableFromIPC(replacement)).map((row) => row.a), 7];
        expect(dfExtractDicts(tableFromIPC(after)).map((row) => row.a)).toEqual(expected);
        expect(dfExtractDicts(df).map((row) => row.a)).toEqual(expected);
        // set aside, not deleted, and said so
        expect(existsSync(journal)).toBe(false);
        const aside = readdirSync(`${calcDir}/.psweep`).filter((name) =>
          name.startsWith("database.arrow.journal.set-aside-"),
        );
        expect(aside).toHaveLength(1);
        expect(readFileSync(`${calcDir}/.psweep/${aside[0]}`)).toEqual(journalBytes);
        expect(stderr()).toContain(`${journal} does not belong to ${file}`);
      });
    }
  }

  for (const failAt of [2, 4]) {
    it(`the journal of an append cut short (at step ${failAt}) on its own file puts the file back byte for byte`, async () => {
      const calcDir = `${tmpDir()}/calc`;
      const file = `${calcDir}/database.arrow`;
      const journal = `${calcDir}/.psweep/database.arrow.journal`;
      await run(square, plist("a", [1, 2, 3]), { calcDir });
      const original = readFileSync(file);
      await cutShortAppend(file, journal, failAt);
      expect(readFileSync(file)).not.toEqual(original);
      const stderr = captureStderr();
      await run(square, [], { calcDir });
      expect(readFileSync(file)).toEqual(original);
      expect(readdirSync(`${calcDir}/.psweep`).filter((name) => name.includes("journal"))).toEqual([]);
      expect(stderr()).toBe("");
    });
  }

  it("a journal that does not read is set aside, and the file is left as it is", async () => {
    const calcDir = `${tmpDir()}/calc`;
    const file = `${calcDir}/database.arrow`;
    const journal = `${calcDir}/.psweep/database.arrow.journal`;
    await run(square, plist("a", [1, 2]), { calcDir });
    const original = readFileSync(file);
    writeFileSync(journal, '{"size":12,"dataEnd');
    const stderr = captureStderr();
    await run(square, [], { calcDir });
    expect(readFileSync(file)).toEqual(original);
    const aside = readdirSync(`${calcDir}/.psweep`).filter((name) =>
      name.startsWith("database.arrow.journal.set-aside-"),
    );
    expect(aside.map((name) => readFileSync(`${calcDir}/.psweep/${name}`, "utf8"))).toEqual(['{"size":12,"dataEnd']);
    expect(stderr()).toContain(`${journal} does not belong to ${file} (it does not read as a journal)`);
  });

  it("a reader ignores a journal that does not belong to the file, and changes nothing", async () => {
    const calcDir = `${tmpDir()}/calc`;
    const file = `${calcDir}/database.arrow`;
    const journal = `${calcDir}/.psweep/database.arrow.journal`;
    await run(square, plist("a", [1, 2, 3]), { calcDir });
    await cutShortAppend(file, journal, 2);
    const replacement = await otherDatabase(20);
    writeFileSync(file, replacement);
    const stderr = captureStderr();
    expect(dfExtractDicts(await dfRead(file))).toEqual(dfExtractDicts(tableFromIPC(replacement)));
    expect(readFileSync(file)).toEqual(replacement);
    expect(existsSync(journal)).toBe(true);
    expect(stderr()).toContain(`${journal} does not belong to ${file}`);
  });
});

describe("a write-ahead log proves it belongs to the file", () => {
  for (const before of [false, true]) {
    it(`the log of a killed run is not added to another database put in its place (${before ? "a" : "no"} database before the run)`, async () => {
      const dir = tmpDir();
      const calcDir = `${dir}/calc`;
      const file = `${calcDir}/database.arrow`;
      if (before)
        await run((p: { iter: number; i: number }) => ({ square: p.i ** 2 }), [{ iter: 0, i: 0 }], { calcDir });
      await killedSweep(calcDir, 1, 50, 20, `${dir}/markers`);
      const [log] = readdirSync(`${calcDir}/.psweep/database.arrow.wal`);
      const logBytes = readFileSync(`${calcDir}/.psweep/database.arrow.wal/${log}`);
      const otherDir = `${dir}/other`;
      await run(
        (p: { iter: number; i: number }) => ({ square: p.i ** 2 }),
        plist("i", [5, 6, 7]).map((p) => ({ iter: 7, ...p })),
        { calcDir: otherDir },
      );
      copyFileSync(`${otherDir}/database.arrow`, file);
      const replacement = readFileSync(file);

      const stderr = captureStderr();
      await expect(dfRead(file).then(dfExtractDicts)).resolves.toEqual(dfExtractDicts(tableFromIPC(replacement)));
      await run((p: { iter: number; i: number }) => ({ square: p.i ** 2 }), [{ iter: 9, i: 0 }], { calcDir });
      const after = readFileSync(file);
      expect(after.subarray(0, dataEnd(replacement))).toEqual(replacement.subarray(0, dataEnd(replacement)));
      expect(dfExtractDicts(tableFromIPC(after)).map((row) => [row.iter, row.i])).toEqual([
        [7, 5],
        [7, 6],
        [7, 7],
        [9, 0],
      ]);
      const walDir = `${calcDir}/.psweep/database.arrow.wal`;
      const left = readdirSync(walDir);
      expect(left).toHaveLength(1);
      expect(left[0]).toMatch(new RegExp(`^${log}\\.set-aside-`));
      expect(readFileSync(`${walDir}/${left[0]}`)).toEqual(logBytes);
      expect(stderr()).toContain(`${walDir}/${log} was begun on another ${file}`);
      expect(stderr()).toContain("none of its 20 rows were added");
    });
  }
});

/** A sweep of 50 psets killed after 20: its folder, database file, log folder, log name and path. */
async function killedLog() {
  const dir = tmpDir();
  const calcDir = `${dir}/calc`;
  await killedSweep(calcDir, 1, 50, 20, `${dir}/markers`);
  const walDir = `${calcDir}/.psweep/database.arrow.wal`;
  const [log] = readdirSync(walDir);
  return { dir, calcDir, file: `${calcDir}/database.arrow`, walDir, log: log!, path: `${walDir}/${log}` };
}

describe("damaged files", () => {
  it("a log with a line that is not JSON and a row of a task not in the plan: dfRead names it; run() keeps every readable row and sets it aside", async () => {
    const { calcDir, file, walDir, log, path } = await killedLog();
    const lines = readFileSync(path, "utf8").split("\n");
    const row = lines.findIndex((line) => line.startsWith("["));
    const foreignRow = lines[row]!.replace(/^\[\d+/, "[99999");
    lines.splice(row + 3, 0, '{"columns":[1', foreignRow);
    const damaged = lines.join("\n");
    writeFileSync(path, damaged);

    const error = await dfRead(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PsweepError);
    expect((error as Error).message).toContain(`${path} is damaged: 2 line(s) cannot be read`);
    expect((error as Error).message).toContain(`line ${row + 4}: not JSON`);
    expect((error as Error).message).toContain(
      `line ${row + 5}: a row of task 99999, which is not in the plan (50 tasks)`,
    );

    const stderr = captureStderr();
    const df = await run(() => ({}), [], { calcDir });
    const expected = Array.from({ length: 20 }, (_, i) => i);
    expect(dfExtractDicts(df).map((r) => r.i)).toEqual(expected);
    expect(dfExtractDicts(tableFromIPC(readFileSync(file))).map((r) => [r.i, r.square])).toEqual(
      expected.map((i) => [i, i * i]),
    );
    const left = readdirSync(walDir);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(new RegExp(`^${log}\\.set-aside-`));
    expect(readFileSync(`${walDir}/${left[0]}`, "utf8")).toBe(damaged);
    expect(stderr()).toContain(`${path} is damaged`);
    expect(stderr()).toContain("the 20 rows that could be read were added to the database");
    expect(dfExtractDicts(await dfRead(file)).map((r) => r.i)).toEqual(expected);
  });

  it("a log a newer psweep wrote (another format version): dfRead and run() refuse it by name, and change nothing", async () => {
    const { dir, calcDir, file, walDir, log, path } = await killedLog();
    // The same lines under another version: read as format 1 they would give rows (before: 20 rows added).
    const newer = readFileSync(path, "utf8").replace('{"psweep_wal":1}', '{"psweep_wal":2}');
    writeFileSync(path, newer);
    const before = existsSync(file) ? readFileSync(file) : undefined;
    for (const attempt of [() => dfRead(file), () => run(() => ({}), [], { calcDir })]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PsweepError);
      expect((error as Error).message).toContain(
        `${path} is a write-ahead log of format 2, which a newer psweep writes; this psweep reads format 1 only`,
      );
    }
    expect(existsSync(file) ? readFileSync(file) : undefined).toEqual(before);
    expect(readdirSync(walDir)).toEqual([log]);
    expect(readFileSync(path, "utf8")).toBe(newer);
    // Moved away, as the message says: the study goes on
    copyFileSync(path, `${dir}/kept.jsonl`);
    rmSync(path);
    expect((await run(() => ({}), [], { calcDir })).numRows).toBe(
      before === undefined ? 0 : tableFromIPC(before).numRows,
    );
  });

  it("random bytes between ARROW1 marks: dfRead and run() name the file, which stays as it was, and the lock is released", async () => {
    const calcDir = `${tmpDir()}/calc`;
    const file = `${calcDir}/database.arrow`;
    await run(square, [{ a: 1 }], { calcDir });
    let seed = 7;
    const noise = Uint8Array.from({ length: 4000 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 255);
    const bytes = new Uint8Array([
      ...new TextEncoder().encode("ARROW1\0\0"),
      ...noise,
      ...new TextEncoder().encode("ARROW1"),
    ]);
    writeFileSync(file, bytes);
    for (const attempt of [() => dfRead(file), () => run(square, [{ a: 2 }], { calcDir })]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PsweepError);
      expect((error as Error).message).toContain(`${file} is damaged`);
    }
    expect(readFileSync(file)).toEqual(Buffer.from(bytes));
    expect(existsSync(`${calcDir}/.psweep/database.arrow.lock`)).toBe(false);
  });
});
