// The cost of a run follows its new rows: run() reads only the columns its
// plan needs from the database file (not its rows), appends in place, and
// with returnTable: "new" returns only the rows it added.

import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, rmSync, statSync } from "node:fs";
import { Table, tableFromIPC, tableToIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { createPsweep } from "../src/api.js";
import type { Runtime } from "../src/runtime.js";
import { PsweepError, dfExtractDicts, dfRead, dfWrite, grid, plist, psetHash, run, runtime } from "./helpers/psweep.js";
import { tmpDir } from "./helpers/tmp.js";

const func = (p: { a: number; b: number }) => ({ y: p.a * 10 + p.b, note: `row ${p.a}/${p.b}` });
const psets = (from: number, to: number) =>
  grid(
    plist(
      "a",
      Array.from({ length: to - from }, (_, i) => from + i),
    ),
    plist("b", [0, 1, 2, 3]),
  );

/** The Node runtime, counting the bytes read from files whose path ends with `suffix`. */
function counting(suffix: string): { runtime: Runtime; read: () => number; reset: () => void } {
  let bytes = 0;
  const fs: Runtime["fs"] = Object.create(runtime.fs) as Runtime["fs"];
  fs.readFile = async (path) => {
    const data = await runtime.fs.readFile(path);
    if (path.endsWith(suffix)) bytes += data.length;
    return data;
  };
  fs.readIntoSync = (path, into) => {
    const read = runtime.fs.readIntoSync(path, into);
    if (path.endsWith(suffix)) bytes += read ?? 0;
    return read;
  };
  fs.open = async (path) => {
    const handle = await runtime.fs.open(path);
    if (!path.endsWith(suffix)) return handle;
    return {
      size: () => handle.size(),
      writeAt: (d, p) => handle.writeAt(d, p),
      truncate: (n) => handle.truncate(n),
      sync: () => handle.sync(),
      close: () => handle.close(),
      readAt: (n, p) => {
        const data = handle.readAt(n, p);
        bytes += data.length;
        return data;
      },
      readInto: (into, p) => {
        const read = handle.readInto(into, p);
        bytes += read;
        return read;
      },
    };
  };
  return { runtime: { ...runtime, fs }, read: () => bytes, reset: () => (bytes = 0) };
}

describe("a run on a big database", () => {
  it('reads a small part of the file, appends in place, and returns only its rows with returnTable: "new"', async () => {
    const calcDir = `${tmpDir()}/calc`;
    const file = `${calcDir}/database.arrow`;
    await run(func, psets(0, 5000), { calcDir }); // 20,000 rows
    const size = statSync(file).size;
    const inode = statSync(file).ino;
    const io = counting("database.arrow");
    const psweep = createPsweep(io.runtime);
    const added = await psweep.run(func, psets(5000, 5010), { calcDir, returnTable: "new" });
    // the footer, the batch headers (which hold each batch's largest sequence
    // numbers) and the bytes the append's journal fingerprints: no column,
    // not even the two sequence columns (16 bytes a row)
    expect(io.read()).toBeLessThan(20000 * 16);
    expect(statSync(file).ino).toBe(inode); // appended in place, not rewritten
    const rows = dfExtractDicts(added);
    expect(rows).toHaveLength(40);
    expect(rows.map((r) => r._pset_seq)).toEqual(Array.from({ length: 40 }, (_, i) => 20000 + i));
    expect(rows.every((r) => r._run_seq === 1)).toBe(true);
    expect(rows.map((r) => r.y)).toEqual(
      psets(5000, 5010)
        .toArray()
        .map((p) => p.a * 10 + p.b),
    );
    // the whole database is one call away, and holds both runs
    const whole = await dfRead(file);
    expect(whole.numRows).toBe(20040);
    expect(dfExtractDicts(whole).slice(20000)).toEqual(rows);
    expect(tableFromIPC(readFileSync(file)).numRows).toBe(20040);

    // skipDups reads the hash column too, and still not the rows
    io.reset();
    const again = await psweep.run(func, psets(5005, 5015), { calcDir, returnTable: "new", skipDups: true });
    expect(io.read()).toBeLessThan(size * 0.6);
    expect(dfExtractDicts(again).map((r) => r.a)).toEqual(
      psets(5010, 5015)
        .toArray()
        .map((p) => p.a),
    );
    expect(dfExtractDicts(again).map((r) => r._pset_hash)).toEqual(
      psets(5010, 5015)
        .toArray()
        .map((p) => psetHash(p)),
    );
    expect(dfExtractDicts(again)[0]!._pset_seq).toBe(20040);
    // nothing to run: an empty table with the database's columns
    const none = await psweep.run(func, psets(0, 2), { calcDir, returnTable: "new", skipDups: true });
    expect(none.numRows).toBe(0);
    expect(none.schema.fields.map((f) => f.name)).toContain("note");
  });

  it('returns every row by default ("all"), the file\'s rows included', async () => {
    const calcDir = `${tmpDir()}/calc`;
    await run(func, psets(0, 3), { calcDir });
    const df = await run(func, psets(3, 5), { calcDir });
    expect(dfExtractDicts(df).map((r) => r.a)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4]);
    expect(dfExtractDicts(df)).toEqual(dfExtractDicts(tableFromIPC(readFileSync(`${calcDir}/database.arrow`))));
    const mem = await run(func, psets(0, 2), { save: false, df, returnTable: "new" });
    expect(dfExtractDicts(mem).map((r) => r._pset_seq)).toEqual([20, 21, 22, 23, 24, 25, 26, 27]);
  });

  it('a new result column rewrites the file (old rows widened) and returnTable: "new" still gives only the new rows', async () => {
    const calcDir = `${tmpDir()}/calc`;
    await run(func, psets(0, 2), { calcDir });
    const added = await run((p: { a: number; b: number }) => ({ ...func(p), extra: true }), psets(2, 3), {
      calcDir,
      returnTable: "new",
    });
    expect(dfExtractDicts(added).map((r) => r.extra)).toEqual([true, true, true, true]);
    const rows = dfExtractDicts(await dfRead(`${calcDir}/database.arrow`));
    expect(rows.map((r) => r.extra)).toEqual([null, null, null, null, null, null, null, null, true, true, true, true]);
  });

  it("refuses a returnTable it does not know, before anything is written", async () => {
    const calcDir = `${tmpDir()}/calc`;
    await expect(run(func, psets(0, 1), { calcDir, returnTable: "some" as never })).rejects.toThrow(PsweepError);
    await expect(run(func, psets(0, 1), { calcDir, returnTable: "some" as never })).rejects.toThrow(
      /returnTable.*"all".*"new"/,
    );
    expect(() => statSync(`${calcDir}/database.arrow`)).toThrow();
  });
});

describe("the table run() returns by default: every row, read from the file when first looked at", () => {
  const rowsOf = async (file: string) => dfExtractDicts(await dfRead(file));

  it("costs nothing until looked at, then holds exactly the file's rows", async () => {
    const calcDir = `${tmpDir()}/calc`;
    const file = `${calcDir}/database.arrow`;
    await run(func, psets(0, 5000), { calcDir }); // 20,000 rows
    const size = statSync(file).size;
    const io = counting("database.arrow");
    const df = await createPsweep(io.runtime).run(func, psets(5000, 5010), { calcDir });
    console.log("READ", io.read(), size);
    expect(io.read()).toBeLessThan(size * 0.15); // the footer, headers and sequence numbers, not the rows
    // known without reading the rows
    expect(df.numRows).toBe(20040);
    expect(df.schema.fields.map((f) => f.name)).toEqual((await dfRead(file)).schema.fields.map((f) => f.name));
    console.log("READ", io.read(), size);
    expect(io.read()).toBeLessThan(size * 0.15);
    expect(df).toBeInstanceOf(Table);
    // looked at: read once, and the same rows as the file
    expect(dfExtractDicts(df)).toEqual(await rowsOf(file));
    expect(io.read()).toBeGreaterThan(size);
    const after = io.read();
    expect([...df.getChild("y")!.toArray().slice(-2)]).toEqual([50092, 50093]);
    expect(tableFromIPC(tableToIPC(df)).numRows).toBe(20040);
    expect(io.read()).toBe(after);
  });

  it("keeps its rows when later runs append to the file or rewrite it with new columns", async () => {
    const calcDir = `${tmpDir()}/calc`;
    const file = `${calcDir}/database.arrow`;
    const first = await run(func, psets(0, 2), { calcDir });
    const rowsThen = await rowsOf(file);
    const second = await run(func, psets(2, 3), { calcDir }); // appended in place
    // a new result column: the file is rewritten with every old row widened
    await run((p: { a: number; b: number }) => ({ ...func(p), extra: 1 }), psets(3, 4), { calcDir });
    expect((await dfRead(file)).numRows).toBe(16);
    expect(dfExtractDicts(first)).toEqual(rowsThen);
    expect(dfExtractDicts(second).map((r) => r.a)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
    expect(second.schema.fields.some((f) => f.name === "extra")).toBe(false);
    // dfWrite over the file, as over any file psweep replaces
    const third = await run(func, psets(4, 5), { calcDir });
    await dfWrite(file, await run(func, psets(0, 1), { save: false }));
    expect(dfExtractDicts(third).map((r) => r.a)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4]);
    expect((await dfRead(file)).numRows).toBe(4);
  });

  it("says so, instead of giving other rows, when the file was replaced or removed by someone else", async () => {
    const calcDir = `${tmpDir()}/calc`;
    const file = `${calcDir}/database.arrow`;
    const other = `${tmpDir()}/other`;
    await run(func, psets(0, 3), { calcDir: other });
    const replaced = await run(func, psets(0, 2), { calcDir });
    copyFileSync(`${other}/database.arrow`, file); // another valid database, as a tool (cp, a restore) would put it there
    expect(replaced.numRows).toBe(8);
    expect(() => replaced.getChild("a")).toThrow(PsweepError);
    expect(() => dfExtractDicts(replaced)).toThrow(/was replaced or rewritten.*dfRead\(/);
    // a run that rewrites the file (a new column) goes on; the table keeps saying so
    const replacedAgain = await run(func, psets(0, 1), { calcDir });
    copyFileSync(`${other}/database.arrow`, file);
    await run((p: { a: number; b: number }) => ({ ...func(p), extra: 1 }), psets(9, 10), { calcDir });
    expect(() => replacedAgain.getChild("a")).toThrow(/was replaced or rewritten/);
    expect((await dfRead(file)).numRows).toBe(16);
    const removed = await run(func, psets(0, 1), { calcDir: other });
    rmSync(other, { recursive: true });
    expect(() => removed.toArray()).toThrow(/was removed.*dfRead\(/);
  });

  it("a simulate run's table survives the next simulate run, which recreates its folder", async () => {
    const calcDir = `${tmpDir()}/calc`;
    await run(func, psets(0, 2), { calcDir });
    const first = await run(func, psets(2, 3), { calcDir, simulate: true });
    await run(func, psets(3, 4), { calcDir, simulate: true });
    expect(dfExtractDicts(first).map((r) => r.a)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
  });
});

/** The batches of `table` as planBaseOf takes them, with their own metadata. */
const partsOf = (table: Table) =>
  table.batches.map((batch) => ({ numRows: batch.numRows, metadata: batch.metadata, read: () => batch }));

describe("the plan's sequence numbers", () => {
  it("continue after the largest valid _run_seq and _pset_seq, nulls and sliced chunks included", async () => {
    const { plan, planBaseOf, psetSource } = await import("../src/run/plan.js");
    const { Table, vectorFromArray, Int32 } = await import("apache-arrow");
    const column = (values: (number | null)[]) => vectorFromArray(values, new Int32());
    // a null holds a large number underneath in some writers: it must not count
    const whole = new Table({ _run_seq: column([0, 7, null, 2, 3]), _pset_seq: column([5, null, 40, 6, 9]) });
    const firstTask = (base: typeof whole) =>
      [...plan(planBaseOf(base.numRows, partsOf(base), false), psetSource([{ a: 1 }]), "calc", "r").windows(10)][0]!.at(
        0,
      );
    const first = firstTask(whole);
    expect([first.book._run_seq, first.book._pset_seq]).toEqual([8, 41]);
    // a slice starts inside the validity bitmap: the bits are read at the slice's offset
    const sliced = whole.slice(2);
    const next = firstTask(sliced);
    expect([next.book._run_seq, next.book._pset_seq]).toEqual([4, 41]);
    const last = firstTask(whole.slice(3));
    expect([last.book._run_seq, last.book._pset_seq]).toEqual([4, 10]);
  });
});

describe("memory between windows", () => {
  it("keeps nothing of a window once its rows are in the file: its results are collected while the next windows run", () => {
    const dir = tmpDir();
    const out = execFileSync(
      process.execPath,
      ["--expose-gc", "--import", "tsx", "test/fixtures/windowRelease.ts", `${dir}/calc`],
      { encoding: "utf8" },
    );
    // Before: the run kept the rows of the window before (in a suspended async function's registers).
    expect(JSON.parse(out.trim().split("\n").at(-1)!)).toEqual({ window1: 0, window2: 0 });
  });
});
