// run() over a grid() and over other iterables: the same database as over the
// psets as an array, with the grid hashed in bulk by the core.

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { PsweepError, dfExtractDicts, grid, pgrid, plist, psetHash, run } from "./helpers/psweep.js";
import { tmpDir } from "./helpers/tmp.js";

const axes = () => [plist("a", [1, 2, 3]), plist("b", ["x", "y"]), plist("c", [0.5, null, true])] as const;
const func = (p: { a: number; b: string }) => ({ y: p.a * 10, label: `${p.b}!` });
const onDisk = (calcDir: string) => dfExtractDicts(tableFromIPC(readFileSync(`${calcDir}/database.arrow`)));
/** Rows without what differs by design between two runs (ids, times, hosts, runtimes). */
const comparable = (rows: Record<string, unknown>[]) =>
  rows.map(({ _pset_id, _run_id, _time_utc, _pset_runtime, _calc_dir, ...rest }) => rest);

describe("run() over a grid()", () => {
  it("gives the same database as over the same psets as an array: hashes, sequences, psets, results", async () => {
    const [viaArray, viaGrid] = [`${tmpDir()}/calc`, `${tmpDir()}/calc`];
    const a1 = await run(func, pgrid(...axes()), { calcDir: viaArray });
    const g1 = await run(func, grid(...axes()), { calcDir: viaGrid });
    // a second run on top: sequences continue from the file
    await run(func, pgrid(...axes()), { calcDir: viaArray });
    await run(func, grid(...axes()), { calcDir: viaGrid });
    const [rowsA, rowsG] = [onDisk(viaArray), onDisk(viaGrid)];
    expect(rowsG).toHaveLength(36);
    expect(comparable(rowsG)).toEqual(comparable(rowsA));
    expect(rowsG.map((r) => r._pset_hash)).toEqual([...pgrid(...axes()), ...pgrid(...axes())].map((p) => psetHash(p)));
    expect(rowsG.map((r) => r._pset_seq)).toEqual(Array.from({ length: 36 }, (_, i) => i));
    expect(rowsG.map((r) => r._run_seq)).toEqual([...Array(18).fill(0), ...Array(18).fill(1)]);
    expect(dfExtractDicts(g1).map((r) => r.y)).toEqual(dfExtractDicts(a1).map((r) => r.y));
    expect(new Set(rowsG.map((r) => r._pset_id)).size).toBe(36);
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
