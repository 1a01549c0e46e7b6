// run() over a grid() and over other iterables: the same database as over the
// psets as an array, with the grid hashed in bulk by the core.

import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { tableFromIPC } from "apache-arrow";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PsweepError, dfExtractDicts, grid, pgrid, plist, psetHash, run } from "./helpers/psweep.js";
import { WINDOW } from "../src/run/run.js";
import { tmpDir } from "./helpers/tmp.js";

const axes = () => [plist("a", [1, 2, 3]), plist("b", ["x", "y"]), plist("c", [0.5, null, true])] as const;
const func = (p: { a: number; b: string }) => ({ y: p.a * 10, label: `${p.b}!` });
const onDisk = (calcDir: string) => dfExtractDicts(tableFromIPC(readFileSync(`${calcDir}/database.arrow`)));
/** Rows without what differs by design between two runs (ids, times, hosts, runtimes). */
const comparable = (rows: Record<string, unknown>[]) =>
  rows.map(({ _pset_id, _run_id, _time_utc, _pset_runtime, _calc_dir, ...rest }) => rest);

/**
 * Two runs each over the psets as an array and as a grid, into two
 * databases: the same rows but for ids and times, hashes as psetHash's,
 * sequences going on from the file. Returns both databases' folders and rows.
 */
async function sameAsArray() {
  const [viaArray, viaGrid] = [`${tmpDir()}/calc`, `${tmpDir()}/calc`];
  const returned: Record<string, unknown>[][][] = [];
  for (let i = 0; i < 2; i++) {
    const fromArray = await run(func, pgrid(...axes()), { calcDir: viaArray });
    const fromGrid = await run(func, grid(...axes()), { calcDir: viaGrid });
    returned.push([dfExtractDicts(fromArray), dfExtractDicts(fromGrid)]);
  }
  const [rowsA, rowsG] = [onDisk(viaArray), onDisk(viaGrid)];
  expect(rowsG).toHaveLength(36);
  expect(comparable(rowsG)).toEqual(comparable(rowsA));
  expect(rowsG.map((r) => r._pset_hash)).toEqual([...pgrid(...axes()), ...pgrid(...axes())].map((p) => psetHash(p)));
  expect(rowsG.map((r) => r._pset_seq)).toEqual(Array.from({ length: 36 }, (_, i) => i));
  expect(rowsG.map((r) => r._run_seq)).toEqual([...Array(18).fill(0), ...Array(18).fill(1)]);
  expect(new Set(rowsG.map((r) => r._pset_id)).size).toBe(36);
  return { viaArray, viaGrid, rowsG, returned };
}

describe("run() over a grid()", () => {
  it("gives the same database as over the same psets as an array: hashes, sequences, psets, results", async () => {
    const { viaArray, viaGrid, returned } = await sameAsArray();
    const [fromArray, fromGrid] = returned[0]!;
    expect(fromGrid!.map((r) => r.y)).toEqual(fromArray!.map((r) => r.y));
    // the schema is the same too (no dictionary columns from the grid's Arrow view)
    expect(
      tableFromIPC(readFileSync(`${viaGrid}/database.arrow`)).schema.fields.map((f) => `${f.name}:${f.type}`),
    ).toEqual(tableFromIPC(readFileSync(`${viaArray}/database.arrow`)).schema.fields.map((f) => `${f.name}:${f.type}`));
  });

  it("skipDups on a grid runs only the psets the database lacks, and func sees each new pset once", async () => {
    const calcDir = `${tmpDir()}/calc`;
    await run(func, grid(plist("a", [1, 2]), plist("b", ["x", "y"])), { calcDir });
    const seen: unknown[] = [];
    const df = await run(
      (p: { a: number; b: string }) => (seen.push([p.a, p.b]), func(p)),
      grid(plist("a", [1, 2, 3]), plist("b", ["x", "y"])),
      {
        calcDir,
        skipDups: true,
      },
    );
    expect(seen).toEqual([
      [3, "x"],
      [3, "y"],
    ]);
    const rows = dfExtractDicts(df);
    expect(rows).toHaveLength(6);
    expect(rows.map((r) => r._pset_seq)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(rows.map((r) => r._pset_hash)).size).toBe(6);
    // every pset known: nothing runs, nothing is added
    const again = await run(func, grid(plist("a", [1, 2, 3]), plist("b", ["x", "y"])), { calcDir, skipDups: true });
    expect(again.numRows).toBe(6);
    expect(onDisk(calcDir)).toHaveLength(6);
  });

  it("runs a grid on a pool of 2 workers (func found by funcModule), rows in grid order", () => {
    const calcDir = `${tmpDir()}/calc`;
    const result = spawnSync(process.execPath, ["--import", "tsx", "test/fixtures/pool/grid.ts", calcDir], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.stdout + result.stderr).toBe("rows 20\n");
    const rows = onDisk(calcDir);
    const psets = pgrid(
      plist(
        "a",
        Array.from({ length: 10 }, (_, i) => i),
      ),
      plist("b", ["x", "y"]),
    );
    expect(rows.map((r) => [r.a, r.b])).toEqual(psets.map((p) => [p.a, p.b]));
    expect(rows.map((r) => r.square)).toEqual(psets.map((p) => p.a * p.a));
    expect(rows.map((r) => r._pset_hash)).toEqual(psets.map((p) => psetHash(p)));
  });

  it("save: false and simulate take a grid too", async () => {
    const calcDir = `${tmpDir()}/calc`;
    const mem = await run(func, grid(...axes()), { save: false });
    expect(dfExtractDicts(mem).map((r) => r._pset_hash)).toEqual(pgrid(...axes()).map((p) => psetHash(p)));
    await run(func, grid(...axes()), { calcDir, simulate: true });
    expect(onDisk(`${calcDir}.simulate`)).toHaveLength(18);
  });
});

describe("run() over other iterables", () => {
  it("takes a generator and a Set, read once, like the array of their psets", async () => {
    const calcDir = `${tmpDir()}/calc`;
    function* psets() {
      for (const a of [1, 2, 3]) yield { a, b: "x" };
    }
    await run(func, psets(), { calcDir });
    const df = await run(func, new Set([{ a: 4, b: "y" }]), { calcDir });
    const rows = dfExtractDicts(df);
    expect(rows.map((r) => [r.a, r.y, r._pset_seq])).toEqual([
      [1, 10, 0],
      [2, 20, 1],
      [3, 30, 2],
      [4, 40, 3],
    ]);
    expect(rows.map((r) => r._pset_hash)).toEqual(
      [1, 2, 3].map((a) => psetHash({ a, b: "x" })).concat(psetHash({ a: 4, b: "y" })),
    );
  });

  it("refuses what is not an iterable of psets, naming what would be right, and writes nothing", async () => {
    const calcDir = `${tmpDir()}/calc`;
    await expect(run(func as never, { a: 1 } as never, { calcDir })).rejects.toThrow(PsweepError);
    await expect(run(func as never, { a: 1 } as never, { calcDir })).rejects.toThrow(
      /params must be psets: an array, a grid\(\) or another iterable .*got/,
    );
    await expect(run(func as never, "ab" as never, { calcDir })).rejects.toThrow(/params must be psets/);
    function* bad() {
      yield { a: 1 };
      yield 7;
    }
    await expect(run(func as never, bad() as never, { calcDir })).rejects.toThrow(/params\[1\] is 7, not a pset/);
    expect(() => readFileSync(`${calcDir}/database.arrow`)).toThrow();
  });
});

describe("run() in several windows (window lowered to 4 psets)", () => {
  const size = WINDOW.size;
  beforeEach(() => (WINDOW.size = 4));
  afterEach(() => (WINDOW.size = size));

  it("gives the same database over a grid as over the array, as in one window: one run id, sequences across windows", async () => {
    const { viaGrid, rowsG } = await sameAsArray();
    expect(new Set(rowsG.slice(0, 18).map((r) => r._run_id)).size).toBe(1);
    // one batch per window, appended in place; no log left
    expect(tableFromIPC(readFileSync(`${viaGrid}/database.arrow`)).batches).toHaveLength(10);
    expect(readdirSync(`${viaGrid}/.psweep/database.arrow.wal`)).toEqual([]);
  });

  it("returns every row, the run's rows, or none but the columns (returnTable all, new, none)", async () => {
    const calcDir = `${tmpDir()}/calc`;
    await run(func, grid(plist("a", [1, 2]), plist("b", ["x"])), { calcDir });
    const all = await run(func, grid(...axes()), { calcDir });
    expect(all.numRows).toBe(20);
    expect(dfExtractDicts(all)).toEqual(onDisk(calcDir));
    const added = await run(func, grid(...axes()), { calcDir, returnTable: "new" });
    expect(dfExtractDicts(added)).toEqual(onDisk(calcDir).slice(20));
    expect(dfExtractDicts(added).map((r) => r._pset_seq)).toEqual(Array.from({ length: 18 }, (_, i) => 20 + i));
    const none = await run(func, grid(...axes()), { calcDir, returnTable: "none" });
    expect(none.numRows).toBe(0);
    expect(none.schema.fields.map((f) => f.name)).toEqual(all.schema.fields.map((f) => f.name));
    expect(onDisk(calcDir)).toHaveLength(56);
  });

  it("a window whose results add a column widens the file: earlier rows and windows get nulls", async () => {
    const calcDir = `${tmpDir()}/calc`;
    const late = (p: { a: number }) => (p.a < 7 ? { y: p.a } : { y: p.a + 0.5, z: `z${p.a}` });
    const added = await run(late, grid(plist("a", [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])), { calcDir, returnTable: "new" });
    const rows = onDisk(calcDir);
    expect(rows.map((r) => [r.a, r.y, r.z])).toEqual(
      Array.from({ length: 10 }, (_, a) => (a < 7 ? [a, a, null] : [a, a + 0.5, `z${a}`])),
    );
    expect(dfExtractDicts(added)).toEqual(rows);
    expect(added.schema.fields.map((f) => f.name)).toContain("z");
  });

  it("skipDups across windows: windows of known psets are left out, sequences go on without gaps", async () => {
    const calcDir = `${tmpDir()}/calc`;
    await run(func, grid(plist("a", [1, 2, 3, 4, 5]), plist("b", ["x", "y"])), { calcDir });
    const seen: number[] = [];
    const df = await run(
      (p: { a: number; b: string }) => (seen.push(p.a), func(p)),
      grid(plist("a", [1, 2, 3, 4, 5, 6, 7]), plist("b", ["x", "y"])),
      { calcDir, skipDups: true, returnTable: "new" },
    );
    expect(seen).toEqual([6, 6, 7, 7]);
    expect(dfExtractDicts(df).map((r) => [r.a, r.b, r._pset_seq])).toEqual([
      [6, "x", 10],
      [6, "y", 11],
      [7, "x", 12],
      [7, "y", 13],
    ]);
  });

  it("skipDups inside a window: each row keeps its own hash and id, as func saw them, over a grid and an array", async () => {
    const before = () => [plist("a", [1, 2]), plist("b", ["x", "y"])] as const;
    // windows of 4: [0x 0y 1x 1y] keeps its first two, [2x 2y 3x 3y] its last two
    const after = () => [plist("a", [0, 1, 2, 3]), plist("b", ["x", "y"])] as const;
    for (const viaGrid of [true, false]) {
      const calcDir = `${tmpDir()}/calc`;
      await run(func, viaGrid ? grid(...before()) : pgrid(...before()), { calcDir });
      const seen: Record<string, unknown>[] = [];
      const df = await run(
        (p: { a: number; b: string; _pset_hash: string; _pset_id: string; _pset_seq: number }) => (
          seen.push({ a: p.a, b: p.b, _pset_hash: p._pset_hash, _pset_id: p._pset_id, _pset_seq: p._pset_seq }),
          func(p)
        ),
        viaGrid ? grid(...after()) : pgrid(...after()),
        { calcDir, skipDups: true, returnTable: "new" },
      );
      const rows = dfExtractDicts(df).map(({ a, b, _pset_hash, _pset_id, _pset_seq }) => ({
        a,
        b,
        _pset_hash,
        _pset_id,
        _pset_seq,
      }));
      expect(rows).toEqual(seen);
      expect(rows.map((r) => [r.a, r.b, r._pset_seq])).toEqual([
        [0, "x", 4],
        [0, "y", 5],
        [3, "x", 6],
        [3, "y", 7],
      ]);
      expect(rows.map((r) => r._pset_hash)).toEqual(rows.map((r) => psetHash({ a: r.a as number, b: r.b as string })));
      expect(new Set(rows.map((r) => r._pset_id)).size).toBe(4);
    }
  });

  it("onError raise stops after the failing pset; the windows before and the finished psets of its window are kept", async () => {
    const calcDir = `${tmpDir()}/calc`;
    const failing = (p: { a: number }) => {
      if (p.a === 9) throw new Error("nine");
      return { y: p.a };
    };
    await expect(run(failing, grid(plist("a", [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])), { calcDir })).rejects.toThrow(
      /func failed on params\[9\].*nine/,
    );
    expect(onDisk(calcDir).map((r) => r.a)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(readdirSync(`${calcDir}/.psweep/database.arrow.wal`)).toEqual([]);
  });

  it("save: false keeps every window in memory; simulate goes window by window too", async () => {
    const mem = await run(func, grid(...axes()), { save: false });
    expect(dfExtractDicts(mem).map((r) => r._pset_hash)).toEqual(pgrid(...axes()).map((p) => psetHash(p)));
    const more = await run(func, grid(...axes()), { save: false, df: mem, returnTable: "new" });
    expect(dfExtractDicts(more).map((r) => r._pset_seq)).toEqual(Array.from({ length: 18 }, (_, i) => 18 + i));
    const calcDir = `${tmpDir()}/calc`;
    await run(func, grid(...axes()), { calcDir });
    await run(func, grid(...axes()), { calcDir, simulate: true });
    expect(onDisk(`${calcDir}.simulate`).map((r) => r._pset_seq)).toEqual(Array.from({ length: 36 }, (_, i) => i));
  });

  it.each([
    ["an array", ""],
    ["a grid", "1"],
  ])(
    "a log left by a run over %s killed in its third window: the next run adds its rows after the two windows in the file",
    async (_, viaGrid) => {
      const calcDir = `${tmpDir()}/calc`;
      // the third window's func never returns a promise that settles: the process is as if killed there
      const first = spawnSync(
        process.execPath,
        ["--import", "tsx", "test/fixtures/sweep.ts", calcDir, "0", "12", `${calcDir}.markers`, "0", "10"],
        { encoding: "utf8", timeout: 60_000, env: { ...process.env, SWEEP_WINDOW: "4", SWEEP_GRID: viaGrid } },
      );
      expect(first.stdout).toBe(""); // ended with the pending promise, without "done"
      const logs = readdirSync(`${calcDir}/.psweep/database.arrow.wal`);
      expect(logs).toHaveLength(1);
      expect(tableFromIPC(readFileSync(`${calcDir}/database.arrow`)).numRows).toBe(8);
      await run(() => ({ square: -1 }), [{ iter: 1, i: 0 }], { calcDir });
      const rows = onDisk(calcDir);
      expect(rows.map((r) => [r.iter, r.i, r._pset_seq])).toEqual([
        ...Array.from({ length: 10 }, (_, i) => [0, i, i]),
        [1, 0, 10], // after the largest _pset_seq recorded, as without windows
      ]);
      expect(new Set(rows.slice(0, 10).map((r) => r._run_id)).size).toBe(1);
      expect(readdirSync(`${calcDir}/.psweep/database.arrow.wal`)).toEqual([]);
    },
  );
});
