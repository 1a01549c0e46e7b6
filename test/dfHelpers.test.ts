import { spawnSync } from "node:child_process";
// The database helpers on databases made by real run() calls: dfFormat/dfPrint,
// dfFilterConds, dfExtract*, dfUpdatePsetHash/dfUpdatePsetCols, checkCalcDir.

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { Int32, Table, Utf8, vectorFromArray } from "apache-arrow";
import { afterEach, describe, expect, it, vi } from "vitest";
import { recordBatchOfRows } from "../src/database/recordBatch.js";
import { columnsOf } from "../src/database/schema.js";
import {
  HASH_SCHEME,
  PsweepError,
  PsweepHashError,
  ROLE_KEY,
  checkCalcDir,
  dfExtractDicts,
  dfExtractParams,
  dfExtractPset,
  dfExtractRow,
  dfFilterConds,
  dfFormat,
  dfPrint,
  dfRead,
  dfUpdatePsetCols,
  dfWrite,
  dfUpdatePsetHash,
  getUuid,
  pgrid,
  plist,
  psetHash,
  run,
} from "./helpers/psweep.js";
import { tmpDir } from "./helpers/tmp.js";
import { failure } from "./helpers/failure.js";

const when = new Date("2024-05-06T07:08:09.010Z");
const params = pgrid(plist("a", [1, 20]), plist("b", ["x", "yy"]));
// y: floats and integers; ok: booleans; note: null or a nested object; when: a Date
const func = (p: { a: number; b: string }) => ({
  y: p.a * 1.5,
  ok: p.a > 1,
  note: p.b === "x" ? null : { n: [p.a] },
  when,
});

/** A database of 4 rows written by run() to a fresh calc dir. */
async function small(options: { captureLogs?: "file" } = {}): Promise<{ calcDir: string; df: Table }> {
  const calcDir = `${tmpDir()}/calc`;
  const df = await run(func, params, { calcDir, ...options });
  return { calcDir, df };
}

const column = (df: Table, name: string) => dfExtractDicts(df).map((row) => row[name]);
/** What a column is: name, Arrow type, role and encoding metadata. */
const shape = (df: Table) =>
  df.schema.fields.map((f) => [
    f.name,
    String(f.type),
    f.metadata.get(ROLE_KEY),
    f.metadata.get("psweep:encoding") ?? null,
  ]);
/** A table with the same columns (types and roles) as `df`, holding `rows`: a database changed by hand. */
const withRows = (df: Table, rows: Record<string, unknown>[]) =>
  new Table([recordBatchOfRows(rows, columnsOf(df.schema))]);

describe("dfFormat", () => {
  it("shows parameters and results only, numbers right-aligned, strings left, nulls empty, nested values as JSON, Dates ISO", async () => {
    const { df } = await small();
    expect(dfFormat(df)).toBe(
      [
        " a  b     y  ok     note        when",
        " 1  x   1.5  false              2024-05-06T07:08:09.010Z",
        ' 1  yy  1.5  false  {"n":[1]}   2024-05-06T07:08:09.010Z',
        "20  x    30  true               2024-05-06T07:08:09.010Z",
        '20  yy   30  true   {"n":[20]}  2024-05-06T07:08:09.010Z',
        "",
      ].join("\n"),
    );
  });

  it("index: true adds the row number as a first, right-aligned column with an empty header", async () => {
    const { df } = await small();
    expect(dfFormat(df, { index: true })).toBe(
      [
        "    a  b     y  ok     note        when",
        "0   1  x   1.5  false              2024-05-06T07:08:09.010Z",
        '1   1  yy  1.5  false  {"n":[1]}   2024-05-06T07:08:09.010Z',
        "2  20  x    30  true               2024-05-06T07:08:09.010Z",
        '3  20  yy   30  true   {"n":[20]}  2024-05-06T07:08:09.010Z',
        "",
      ].join("\n"),
    );
    // row numbers of 10 and more rows are right-aligned too
    const many = await run((p: { a: number }) => ({ sq: p.a * p.a }), plist("a", [...Array(11).keys()]), {
      save: false,
    });
    const lines = dfFormat(many, { index: true }).split("\n");
    expect(lines[0]).toBe("     a   sq");
    expect(lines[1]).toBe(" 0   0    0");
    expect(lines[11]).toBe("10  10  100");
  });

  it("cols shows exactly those columns in that order, book-keeping ones too", async () => {
    const { df } = await small();
    const ids = column(df, "_pset_id") as string[];
    expect(ids.every((id) => id.length === 36)).toBe(true);
    expect(dfFormat(df, { cols: ["_pset_seq", "b", "_pset_id", "a"] })).toBe(
      [
        `_pset_seq  b   _pset_id${" ".repeat(28)}   a`,
        `        0  x   ${ids[0]}   1`,
        `        1  yy  ${ids[1]}   1`,
        `        2  x   ${ids[2]}  20`,
        `        3  yy  ${ids[3]}  20`,
        "",
      ].join("\n"),
    );
  });

  it("skipCols leaves those columns out", async () => {
    const { df } = await small();
    expect(dfFormat(df, { skipCols: ["when", "note", "a"] })).toBe(
      ["b     y  ok", "x   1.5  false", "yy  1.5  false", "x    30  true", "yy   30  true", ""].join("\n"),
    );
  });

  it("prefixCols: true also shows the book-keeping columns, in the database's order", async () => {
    const { calcDir, df } = await small();
    const rows = dfExtractDicts(df);
    // _pset_runtime left out: its width changes from run to run
    const text = dfFormat(df, { prefixCols: true, skipCols: ["_pset_runtime"] });
    const calcWidth = Math.max("_calc_dir".length, calcDir.length);
    const hostWidth = Math.max("_exec_host".length, hostname().length);
    const header = [
      " a",
      "b ",
      "_pset_hash".padEnd(40),
      "_pset_id".padEnd(36),
      "_run_seq",
      "_pset_seq",
      "_run_id".padEnd(36),
      "_calc_dir".padEnd(calcWidth),
      "_time_utc".padEnd(24),
      "_exec_host".padEnd(hostWidth),
      "  y",
      "ok   ",
      "note      ",
      "when",
    ].join("  ");
    const lines = text.split("\n");
    expect(lines[0]).toBe(header);
    expect(lines).toHaveLength(6);
    expect(lines[5]).toBe("");
    rows.forEach((row, i) => {
      expect(row._pset_hash).toBe(psetHash(params[i]!));
      const line = [
        String(row.a).padStart(2),
        String(row.b).padEnd(2),
        row._pset_hash,
        row._pset_id,
        "       0",
        `        ${i}`,
        row._run_id,
        calcDir.padEnd(calcWidth),
        (row._time_utc as Date).toISOString(),
        hostname().padEnd(hostWidth),
        ["1.5", "1.5", " 30", " 30"][i],
        ["false", "false", "true ", "true "][i],
        ["", '{"n":[1]} ', "", '{"n":[20]}'][i]!.padEnd(10),
        when.toISOString(),
      ].join("  ");
      expect(lines[i + 1]).toBe(line);
    });
    // without prefixCols no column starting with "_" is shown
    expect(dfFormat(df).split("\n")[0]).not.toContain("_");
  });

  it("shows line breaks in strings escaped, so each row stays on one line (e.g. _exc_txt)", async () => {
    const df = await run(
      (p: { a: number }) => {
        if (p.a === 2) throw new Error("bad a");
        return { txt: `one\ntwo\tthree ${p.a}` };
      },
      plist("a", [1, 2]),
      { save: false, onError: "record" },
    );
    expect(dfFormat(df)).toBe(["a  txt", "1  one\\ntwo\\tthree 1", "2", ""].join("\n"));
    const withStack = dfFormat(df, { cols: ["a", "_exc_txt"] }).split("\n");
    expect(withStack).toHaveLength(4);
    expect(withStack[2]).toMatch(/^2  Error: bad a\\n {4}at /);
  });

  it("an empty table prints its header only", async () => {
    const { df } = await small();
    const none = dfFilterConds(df, [() => false]);
    expect(none.numRows).toBe(0);
    expect(dfFormat(none)).toBe("a  b  y  ok  note  when\n");
  });

  it("bad options are a PsweepError naming the problem", async () => {
    const { df } = await small();
    const cases: Array<[object, RegExp]> = [
      [
        { cols: ["a", "nope"] },
        /dfPrint: cols: no column "nope"; columns are a, b, _pset_hash, .*, when, _pset_runtime$/,
      ],
      [{ skipCols: ["wehn"] }, /dfPrint: skipCols: no column "wehn"; columns are a, b, /],
      [{ cols: ["a"], skipCols: ["b"] }, /^dfPrint: give cols or skipCols, not both$/],
      [{ cols: "a" }, /dfPrint: cols must be an array of column names, got "a"/],
      [{ skip_cols: ["a"] }, /dfPrint: unknown option "skip_cols"; options are cols, skipCols, prefixCols, index/],
    ];
    for (const [options, message] of cases) {
      const error = failure(() => dfFormat(df, options as never));
      expect(error).toBeInstanceOf(PsweepError);
      expect(error.message).toMatch(message);
    }
  });
});

describe("dfPrint", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /**
   * What `fn` writes to stdout. The Node binding writes with the stream's own write (bypassing psweep's log
   * capture), so both the instance's write and the prototype's are captured: text must arrive exactly once
   * either way.
   */
  const captureStdout = (fn: () => void): string => {
    const written: string[] = [];
    const proto = Object.getPrototypeOf(process.stdout) as { write: (...args: unknown[]) => boolean };
    const original = proto.write;
    vi.spyOn(proto, "write").mockImplementation(function (this: unknown, ...args: unknown[]) {
      if (this !== process.stdout) return original.apply(this, args);
      written.push(String(args[0]));
      return true;
    });
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: unknown) => (written.push(String(chunk)), true));
    try {
      fn();
    } finally {
      vi.restoreAllMocks();
    }
    return written.join("");
  };

  it("writes exactly dfFormat's text to the real stdout of a process, once", async () => {
    const { calcDir, df } = await small();
    // a real process: dfPrint prints through console, as the program's own output does
    const script = `import { dfPrint, dfRead } from "./test/helpers/psweep.ts";
      const df = await dfRead(${JSON.stringify(`${calcDir}/database.arrow`)});
      dfPrint(df, { skipCols: ["note"] });
      dfPrint(df, { cols: ["b"], index: true });`;
    const { stdout, stderr } = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
    });
    expect(stderr).toBe("");
    expect(stdout).toBe(dfFormat(df, { skipCols: ["note"] }) + dfFormat(df, { cols: ["b"], index: true }));
    expect(stdout).toBe(
      " a  b     y  ok     when\n" +
        " 1  x   1.5  false  2024-05-06T07:08:09.010Z\n" +
        " 1  yy  1.5  false  2024-05-06T07:08:09.010Z\n" +
        "20  x    30  true   2024-05-06T07:08:09.010Z\n" +
        "20  yy   30  true   2024-05-06T07:08:09.010Z\n" +
        "   b\n0  x\n1  yy\n2  x\n3  yy\n",
    );
  });

  it("prints nothing for bad options", async () => {
    const { df } = await small();
    let error: unknown;
    const text = captureStdout(() => {
      try {
        dfPrint(df, { cols: ["zz"] });
      } catch (e) {
        error = e;
      }
    });
    expect(error).toBeInstanceOf(PsweepError);
    expect((error as Error).message).toMatch(/dfPrint: cols: no column "zz"/);
    expect(text).toBe("");
  });
});

describe("dfFilterConds", () => {
  it("keeps the rows where boolean arrays and functions of the row index hold, with and / or / xor", async () => {
    const { df } = await small();
    const rows = dfExtractDicts(df);
    const big = rows.map((r) => (r.a as number) > 1); // [F, F, T, T]
    const yy = (i: number) => rows[i]!.b === "yy"; // [F, T, F, T]
    const pairs = (t: Table) => dfExtractDicts(t).map((r) => [r.a, r.b]);
    expect(pairs(dfFilterConds(df, [big]))).toEqual([
      [20, "x"],
      [20, "yy"],
    ]);
    expect(pairs(dfFilterConds(df, [yy]))).toEqual([
      [1, "yy"],
      [20, "yy"],
    ]);
    expect(pairs(dfFilterConds(df, [big, yy]))).toEqual([[20, "yy"]]);
    expect(pairs(dfFilterConds(df, [big, yy], "and"))).toEqual([[20, "yy"]]);
    expect(pairs(dfFilterConds(df, [big, yy], "or"))).toEqual([
      [1, "yy"],
      [20, "x"],
      [20, "yy"],
    ]);
    expect(pairs(dfFilterConds(df, [big, yy], "xor"))).toEqual([
      [1, "yy"],
      [20, "x"],
    ]);
    // xor of three: an odd number of conditions hold (1, 2, 2, 3)
    expect(pairs(dfFilterConds(df, [big, yy, [true, true, true, true]], "xor"))).toEqual([
      [1, "x"],
      [20, "yy"],
    ]);
    // a condition made from a result column
    expect(pairs(dfFilterConds(df, [column(df, "ok").map((v) => v === true)]))).toEqual([
      [20, "x"],
      [20, "yy"],
    ]);
    // the order of the rows is kept
    expect(column(dfFilterConds(df, [(i) => i !== 1], "and"), "_pset_seq")).toEqual([0, 2, 3]);
  });

  it("no conditions, or conditions that hold everywhere, give the database back", async () => {
    const { df } = await small();
    expect(dfFilterConds(df, [])).toBe(df);
    expect(dfExtractDicts(dfFilterConds(df, [() => true, [true, true, true, true]]))).toEqual(dfExtractDicts(df));
  });

  it("the result keeps column types, roles and encodings: dfExtractParams, dfUpdatePsetHash and run({df}) still work on it", async () => {
    const { df } = await small();
    const some = dfFilterConds(df, [(i) => i % 2 === 1]);
    expect(shape(some)).toEqual(shape(df));
    expect(some.schema.metadata.get("psweep:hash_scheme")).toBe(HASH_SCHEME);
    expect(dfExtractDicts(some)).toEqual([dfExtractDicts(df)[1], dfExtractDicts(df)[3]]);
    expect(dfExtractParams(some)).toStrictEqual([
      { a: 1, b: "yy" },
      { a: 20, b: "yy" },
    ]);
    expect(column(some, "note")).toEqual([{ n: [1] }, { n: [20] }]);
    expect(column(some, "when")).toEqual([when, when]);
    expect(column(dfUpdatePsetHash(some), "_pset_hash")).toEqual(column(some, "_pset_hash"));
    // run() appends to the filtered database, numbering on from it
    const more = await run(func, [{ a: 3, b: "x" }], { save: false, df: some, skipDups: true });
    expect(column(more, "_pset_seq")).toEqual([1, 3, 4]);
    // an empty result keeps the columns too
    expect(shape(dfFilterConds(df, [[false, false, false, false]]))).toEqual(shape(df));
  });

  it("bad conditions are a PsweepError naming the condition and what is expected", async () => {
    const { df } = await small();
    const cases: Array<[unknown, unknown, RegExp]> = [
      [
        [[true, false]],
        "and",
        /dfFilterConds: condition 0 has 2 values, the database has 4 rows; give one boolean per row/,
      ],
      [[() => true, [true, false, true, true, true]], "and", /condition 1 has 5 values, the database has 4 rows/],
      [
        [true, false, true, false],
        "and",
        /condition 0 is true; give a boolean per row \(an array\) or a function of the row index/,
      ],
      [[[1, 0, 1, 0]], "and", /dfFilterConds: condition 0 at row 0 is 1, not true or false/],
      [
        [() => true, (i: number) => (i === 2 ? undefined : true)],
        "and",
        /condition 1 at row 2 is undefined, not true or false/,
      ],
      [["xxxx"], "and", /condition 0 is "xxxx"; give a boolean per row/],
      [[[true, true, true, true]], "nand", /dfFilterConds: op must be "and", "or" or "xor", got "nand"/],
      [
        (i: number) => i > 0,
        "and",
        /dfFilterConds: conds must be an array of conditions \(e\.g\. \[mask\] for one boolean array\), got a function/,
      ],
    ];
    for (const [conds, op, message] of cases) {
      const error = failure(() => dfFilterConds(df, conds as never, op as never));
      expect(error).toBeInstanceOf(PsweepError);
      expect(error.message).toMatch(message);
    }
  });
});

describe("dfExtractParams, dfExtractPset, dfExtractRow", () => {
  it("gives back the psets that made the rows: absent keys stay absent, also after a later run added a parameter", async () => {
    const calcDir = `${tmpDir()}/calc`;
    const first = [
      { a: 1, cfg: { k: [1, 2] } },
      { a: 2, cfg: { k: [] } },
      { a: 3, cfg: { k: [3] }, gone: null },
    ];
    await run((p: { a: number }) => ({ y: p.a + 0.5 }), first, { calcDir });
    const second = [
      { a: 1, cfg: { k: [1, 2] }, c: "new" },
      { a: 5, cfg: { k: [] }, c: "new" },
    ];
    const df = await run((p: { a: number }) => ({ y: p.a + 0.5 }), second, { calcDir });
    // `gone: null` is no parameter value: the hash ignores it, and it does not come back
    const expected = [{ a: 1, cfg: { k: [1, 2] } }, { a: 2, cfg: { k: [] } }, { a: 3, cfg: { k: [3] } }, ...second];
    expect(dfExtractParams(df)).toStrictEqual(expected);
    expect(dfExtractParams(await dfRead(`${calcDir}/database.arrow`))).toStrictEqual(expected);
    // each extracted pset hashes to its row's _pset_hash, so running them again is recognised
    expect(dfExtractParams(df).map((p) => psetHash(p))).toEqual(column(df, "_pset_hash"));
    const again = await run((p: { a: number }) => ({ y: p.a + 0.5 }), dfExtractParams(df) as { a: number }[], {
      calcDir,
      skipDups: true,
    });
    expect(again.numRows).toBe(5);
  });

  it("failed: true gives the psets that failed and did not succeed since, once each, in first-seen order", async () => {
    const calcDir = `${tmpDir()}/calc`;
    let bad = new Set([2, 3]);
    const flaky = (p: { a: number }) => {
      if (bad.has(p.a)) throw new Error(`bad ${p.a}`);
      return { y: p.a };
    };
    // no onError "record" yet: no _failed column, nothing failed
    const clean = await run(flaky, plist("a", [0]), { calcDir });
    expect(dfExtractParams(clean, { failed: true })).toEqual([]);
    // run 1: 2 and 3 fail
    let df = await run(flaky, plist("a", [1, 2, 3]), { calcDir, onError: "record" });
    expect(column(df, "_failed")).toEqual([null, false, true, true]);
    expect(dfExtractParams(df, { failed: true })).toStrictEqual([{ a: 2 }, { a: 3 }]);
    // run 2: the failed ones again; 2 now works, 3 fails again (twice failed, listed once)
    bad = new Set([3]);
    df = await run(flaky, dfExtractParams(df, { failed: true }) as { a: number }[], { calcDir, onError: "record" });
    expect(column(df, "_failed")).toEqual([null, false, true, true, false, true]);
    expect(dfExtractParams(df, { failed: true })).toStrictEqual([{ a: 3 }]);
    // run 3: 1 succeeded in run 1 but fails now: its latest outcome counts
    bad = new Set([1, 3]);
    df = await run(flaky, plist("a", [1]), { calcDir, onError: "record" });
    expect(dfExtractParams(df, { failed: true })).toStrictEqual([{ a: 1 }, { a: 3 }]);
    // without failed: every row's pset
    expect(dfExtractParams(df).map((p) => p.a)).toEqual([0, 1, 2, 3, 2, 3, 1]);
    expect(dfExtractParams(await dfRead(`${calcDir}/database.arrow`), { failed: true })).toStrictEqual([
      { a: 1 },
      { a: 3 },
    ]);
  });

  it("dfExtractRow and dfExtractPset find a row by _pset_id", async () => {
    const calcDir = `${tmpDir()}/calc`;
    await run(func, params, { calcDir });
    const df = await run(func, [{ a: 7, b: "z", c: [1, { d: 2 }] }] as never[], { calcDir });
    const rows = dfExtractDicts(df);
    const id2 = rows[2]!._pset_id as string;
    expect(dfExtractRow(df, id2)).toEqual(rows[2]);
    expect(dfExtractRow(df, id2)).toMatchObject({
      a: 20,
      b: "x",
      y: 30,
      ok: true,
      note: null,
      when,
      _pset_seq: 2,
      c: null,
    });
    expect(dfExtractPset(df, id2)).toStrictEqual({ a: 20, b: "x" });
    expect(dfExtractPset(df, rows[4]!._pset_id as string)).toStrictEqual({ a: 7, b: "z", c: [1, { d: 2 }] });
    // a job reads its parameters from the database on disk
    expect(dfExtractPset(await dfRead(`${calcDir}/database.arrow`), id2)).toStrictEqual({ a: 20, b: "x" });
  });

  it("an unknown _pset_id is a PsweepError naming it", async () => {
    const { df } = await small();
    const missing = getUuid(column(df, "_pset_id") as string[]);
    for (const extract of [dfExtractRow, dfExtractPset]) {
      const error = failure(() => extract(df, missing));
      expect(error).toBeInstanceOf(PsweepError);
      expect(error.message).toBe(`no row with _pset_id "${missing}" in this database (4 rows)`);
    }
  });
});

describe("dfUpdatePsetHash, dfUpdatePsetCols", () => {
  it("dfUpdatePsetHash computes _pset_hash again after a parameter value was changed", async () => {
    const { df } = await small();
    const rows = dfExtractDicts(df);
    const old = column(df, "_pset_hash");
    rows[0]!.a = 7;
    rows[3]!.b = "zz";
    const changed = withRows(df, rows);
    expect(column(changed, "_pset_hash")).toEqual(old); // stale
    const updated = dfUpdatePsetHash(changed);
    expect(column(updated, "_pset_hash")).toEqual([
      psetHash({ a: 7, b: "x" }),
      old[1],
      old[2],
      psetHash({ a: 20, b: "zz" }),
    ]);
    // everything else as it was, columns included
    expect(shape(updated)).toEqual(shape(df));
    expect(dfExtractDicts(updated).map(({ _pset_hash, ...rest }) => rest)).toEqual(
      rows.map(({ _pset_hash, ...rest }) => rest),
    );
    // a database without changes keeps its hashes
    expect(column(dfUpdatePsetHash(df), "_pset_hash")).toEqual(old);
  });

  it("dfUpdatePsetHash adds _pset_hash to a table made elsewhere (columns without roles count as parameters)", () => {
    const table = new Table({ a: vectorFromArray([1, 2], new Int32()), b: vectorFromArray(["x", null], new Utf8()) });
    const updated = dfUpdatePsetHash(table);
    expect(updated.schema.fields.map((f) => [f.name, f.metadata.get(ROLE_KEY)])).toEqual([
      ["a", "pset"],
      ["b", "pset"],
      ["_pset_hash", "book"],
    ]);
    expect(column(updated, "_pset_hash")).toEqual([psetHash({ a: 1, b: "x" }), psetHash({ a: 2 })]);
  });

  it("dfUpdatePsetCols makes exactly cols the parameters: roles in the metadata and hashes follow", async () => {
    const { df } = await small();
    const roles = (t: Table) => Object.fromEntries(t.schema.fields.map((f) => [f.name, f.metadata.get(ROLE_KEY)]));
    expect(roles(df)).toMatchObject({ a: "pset", b: "pset", y: "result", ok: "result", _pset_hash: "book" });
    // a result that should have been a parameter
    const withY = dfUpdatePsetCols(df, ["a", "b", "y"]);
    expect(roles(withY)).toMatchObject({
      a: "pset",
      b: "pset",
      y: "pset",
      ok: "result",
      note: "result",
      _pset_hash: "book",
      _pset_id: "book",
    });
    expect(dfExtractParams(withY)).toStrictEqual(params.map((p) => ({ ...p, y: p.a * 1.5 })));
    expect(column(withY, "_pset_hash")).toEqual(params.map((p) => psetHash({ ...p, y: p.a * 1.5 })));
    expect(column(withY, "_pset_hash")).not.toEqual(column(df, "_pset_hash"));
    // a parameter that should not have been one becomes a result: rows with the same a now share a hash
    const onlyA = dfUpdatePsetCols(df, ["a"]);
    expect(roles(onlyA)).toMatchObject({ a: "pset", b: "result", y: "result" });
    expect(column(onlyA, "_pset_hash")).toEqual([
      psetHash({ a: 1 }),
      psetHash({ a: 1 }),
      psetHash({ a: 20 }),
      psetHash({ a: 20 }),
    ]);
    expect(dfExtractParams(onlyA)).toStrictEqual([{ a: 1 }, { a: 1 }, { a: 20 }, { a: 20 }]);
    // types and values unchanged, and back again gives the original
    expect(shape(onlyA).map(([name, type]) => [name, type])).toEqual(shape(df).map(([name, type]) => [name, type]));
    expect(dfExtractDicts(dfUpdatePsetCols(onlyA, ["a", "b"]))).toEqual(dfExtractDicts(df));
    expect(shape(dfUpdatePsetCols(onlyA, ["a", "b"]))).toEqual(shape(df));
  });

  it("dfUpdatePsetCols with {fillValue} adds the missing parameter columns holding that value, and hashes with them", async () => {
    const { calcDir, df } = await small();
    const filled = dfUpdatePsetCols(df, ["a", "b", "c"], { fillValue: 0.5 });
    expect(filled.schema.fields.map((f) => f.name).slice(0, 3)).toEqual(["a", "b", "c"]);
    expect(filled.schema.fields[2]!.metadata.get(ROLE_KEY)).toBe("pset");
    expect(dfExtractParams(filled)).toStrictEqual(params.map((p) => ({ ...p, c: 0.5 })));
    expect(column(filled, "_pset_hash")).toEqual(params.map((p) => psetHash({ ...p, c: 0.5 })));
    // everything else kept
    expect(dfExtractDicts(filled).map(({ c, _pset_hash, ...rest }) => rest)).toEqual(
      dfExtractDicts(df).map(({ _pset_hash, ...rest }) => rest),
    );
    // nested values and a column of nulls (which, as a null parameter, leaves the hash alone)
    const nested = dfUpdatePsetCols(df, ["a", "b", "d"], { fillValue: { k: [1, "x"] } });
    expect(column(nested, "d")).toEqual(params.map(() => ({ k: [1, "x"] })));
    expect(column(nested, "_pset_hash")).toEqual(params.map((p) => psetHash({ ...p, d: { k: [1, "x"] } })));
    const nulls = dfUpdatePsetCols(df, ["a", "b", "e"], { fillValue: null });
    expect(column(nulls, "e")).toEqual([null, null, null, null]);
    expect(column(nulls, "_pset_hash")).toEqual(column(df, "_pset_hash"));
    // the filled table is a database: write it and a later run skips its psets by the new hashes
    await dfWrite(`${calcDir}/database.arrow`, filled);
    let calls = 0;
    await run(
      () => (calls++, {}),
      params.map((p) => ({ ...p, c: 0.5 })),
      { calcDir, skipDups: true },
    );
    expect(calls).toBe(0);
    // a value the hash cannot hold is refused before anything is built
    expect(failure(() => dfUpdatePsetCols(df, ["a", "c"], { fillValue: Number.NaN }))).toBeInstanceOf(PsweepHashError);
    expect(failure(() => dfUpdatePsetCols(df, ["a"], { fill: 1 } as never)).message).toMatch(
      /^dfUpdatePsetCols: unknown option "fill"/,
    );
  });

  it("dfUpdatePsetCols: unknown columns and a non-array are a PsweepError", async () => {
    const { df } = await small();
    const error = failure(() => dfUpdatePsetCols(df, ["a", "bb"]));
    expect(error).toBeInstanceOf(PsweepError);
    expect(error.message).toMatch(
      /^dfUpdatePsetCols: no column "bb"; columns are a, b, _pset_hash, .*; pass \{fillValue\} to add missing columns$/,
    );
    expect(failure(() => dfUpdatePsetCols(df, "a" as never)).message).toMatch(
      /dfUpdatePsetCols: cols must be an array of column names, like \["a", "b"\], got "a"/,
    );
  });
});

describe("checkCalcDir", () => {
  it("lists pset folders without a row and rows without a folder; other names are ignored", async () => {
    const { calcDir, df } = await small({ captureLogs: "file" });
    const ids = column(df, "_pset_id") as string[];
    expect(
      readdirSync(calcDir)
        .filter((n) => ids.includes(n))
        .sort(),
    ).toEqual([...ids].sort());
    expect(readFileSync(`${calcDir}/${ids[0]}/logs.txt`, "utf8")).toBe("");
    expect(await checkCalcDir(calcDir, df)).toEqual({ dbNotDisk: [], diskNotDb: [] });

    const strays = [getUuid(ids), getUuid(ids)].sort();
    for (const stray of strays) mkdirSync(`${calcDir}/${stray}`);
    mkdirSync(`${calcDir}/not-a-uuid`);
    mkdirSync(`${calcDir}/${ids[0]!.toUpperCase()}x`);
    writeFileSync(`${calcDir}/notes.txt`, "x");
    rmSync(`${calcDir}/${ids[2]}`, { recursive: true });
    rmSync(`${calcDir}/${ids[1]}`, { recursive: true });
    expect(await checkCalcDir(calcDir, df)).toEqual({ dbNotDisk: [ids[1], ids[2]].sort(), diskNotDb: strays });
    // from the database on disk too
    expect(await checkCalcDir(calcDir, await dfRead(`${calcDir}/database.arrow`))).toEqual({
      dbNotDisk: [ids[1], ids[2]].sort(),
      diskNotDb: strays,
    });
  });

  it("a database without pset folders (no captureLogs file): every row is db-not-disk", async () => {
    const { calcDir, df } = await small();
    expect(await checkCalcDir(calcDir, df)).toEqual({
      dbNotDisk: [...(column(df, "_pset_id") as string[])].sort(),
      diskNotDb: [],
    });
  });

  it("a missing calc dir, or a table without _pset_id, is a PsweepError, and nothing is created", async () => {
    const { calcDir, df } = await small();
    const dir = calcDir.slice(0, -"/calc".length);
    const before = readdirSync(dir);
    await expect(checkCalcDir(`${dir}/nope`, df)).rejects.toThrow(PsweepError);
    await expect(checkCalcDir(`${dir}/nope`, df)).rejects.toThrow(
      `checkCalcDir: ${dir}/nope is not a directory; give the calcDir the database belongs to`,
    );
    await expect(checkCalcDir(`${calcDir}/database.arrow`, df)).rejects.toThrow(/is not a directory/);
    const table = new Table({ a: vectorFromArray([1], new Int32()) });
    await expect(checkCalcDir(calcDir, table)).rejects.toThrow(
      /checkCalcDir: the database has no _pset_id column \(columns are a\); give the database run\(\) wrote/,
    );
    await expect(checkCalcDir(calcDir, {} as never)).rejects.toThrow(
      /checkCalcDir: df must be an apache-arrow Table .*, got an object with keys \[\]/,
    );
    expect(readdirSync(dir)).toEqual(before);
  });
});
