// dfWrite's formats, each read back from the file it wrote: JSON parsed,
// CSV checked as exact text and by an independent parser, Parquet read by
// DuckDB and by parquet-wasm; and bad input leaving no file behind.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";
import { Binary, Field, RecordBatch, Schema, Struct, Table, makeData, tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { fieldOf, typeOfValues } from "../src/arrow/columnType.js";
import { encodeColumn } from "../src/arrow/encodeColumn.js";
import { toCsv } from "../src/df/formats/toCsv.js";
import { toJson } from "../src/df/formats/toJson.js";
import { PsweepError, dfExtractDicts, dfRead, dfWrite, pgrid, plist, run, type Cell } from "./helpers/psweep.js";
import { tmpDir } from "./helpers/tmp.js";

/** A table of these columns (name, values), typed and encoded as run() does. */
function tableOf(columns: ReadonlyArray<readonly [string, readonly unknown[]]>): Table {
  const length = columns[0]?.[1].length ?? 0;
  const fields = columns.map(([name, values]) => fieldOf(name, typeOfValues(values)));
  const children = columns.map(([, values]) => encodeColumn(values, typeOfValues(values)));
  const schema = new Schema(fields);
  return new Table([new RecordBatch(schema, makeData({ type: new Struct(fields), length, nullCount: 0, children }))]);
}

/** Values of every kind a database holds, with the characters CSV and JSON must escape. */
const tricky = tableOf([
  ["id", [1, 2, 3, 4, 5]],
  ["text", ["plain", "a,b", 'say "hi"', "two\nlines", null]],
  ['u,"ü"', ["äö€", "日本語", "🎉", "", "x\ry"]],
  ["x", [0.5, -0, NaN, Infinity, null]],
  ["big", [2 ** 40, 1, null, -3, 0]],
  ["flag", [true, false, null, true, false]],
  ["obj", [{ k: [1, 2] }, [1, "a,b"], null, { s: 'q"' }, {}]],
  ["mixed", [1, "one", null, true, 2.5]],
  ["when", [new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)), null, null, new Date(0), null]],
]);

const TRICKY_CSV = [
  'id,text,"u,""ü""",x,big,flag,obj,mixed,when',
  '1,plain,äö€,0.5,1099511627776,true,"{""k"":[1,2]}",1,2024-01-02T03:04:05.006Z',
  '2,"a,b",日本語,-0,1,false,"[1,""a,b""]",one,',
  '3,"say ""hi""",🎉,NaN,,,,,',
  '4,"two\nlines","",Infinity,-3,true,"{""s"":""q\\""""}",true,1970-01-01T00:00:00.000Z',
  '5,,"x\ry",,0,false,{},2.5,',
]
  .map((line) => `${line}\r\n`)
  .join("");

/**
 * A small RFC 4180 parser written for this test, independent of toCsv: each
 * field's text, and whether it was quoted (an unquoted empty field is null).
 */
function parseCsv(text: string): { text: string; quoted: boolean }[][] {
  const rows: { text: string; quoted: boolean }[][] = [];
  let row: { text: string; quoted: boolean }[] = [];
  let i = 0;
  while (i < text.length) {
    let field = "";
    let quoted = false;
    if (text[i] === '"') {
      quoted = true;
      i++;
      for (;;) {
        if (i >= text.length) throw new Error("unterminated quoted field");
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== "," && text[i] !== "\r" && text[i] !== "\n") {
        if (text[i] === '"') throw new Error(`stray quote at ${i}`);
        field += text[i++];
      }
    }
    row.push({ text: field, quoted });
    if (text[i] === ",") i++;
    else if (text.startsWith("\r\n", i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else if (i < text.length) throw new Error(`expected , or CRLF at ${i}, got ${JSON.stringify(text[i])}`);
  }
  if (row.length > 0) throw new Error("last record does not end in CRLF");
  return rows;
}

/** Checks that parsed CSV holds the table's values, as dfExtractDicts gives them. */
function expectCsvHolds(csv: string, df: Table): void {
  const [header, ...records] = parseCsv(csv);
  const names = df.schema.fields.map((f) => f.name);
  expect(header!.map((f) => f.text)).toEqual(names);
  const rows = dfExtractDicts(df);
  expect(records.length).toBe(rows.length);
  rows.forEach((row, r) => {
    expect(records[r]!.length).toBe(names.length);
    names.forEach((name, c) => {
      const { text, quoted } = records[r]![c]!;
      const value = row[name] as Cell | Date;
      const where = `row ${r} column ${name}`;
      if (value === null) expect({ where, text, quoted }).toEqual({ where, text: "", quoted: false });
      else if (typeof value === "string") expect({ where, text }).toEqual({ where, text: value });
      else if (typeof value === "number")
        expect({ where, same: Object.is(Number(text), value), text }).toMatchObject({ where, same: true });
      else if (typeof value === "boolean") expect({ where, text }).toEqual({ where, text: String(value) });
      else if (value instanceof Date) expect({ where, text }).toEqual({ where, text: value.toISOString() });
      else expect({ where, parsed: JSON.parse(text) as unknown }).toEqual({ where, parsed: value });
    });
  });
}

/** dfExtractDicts with Dates as ISO strings: what JSON records must hold. */
function dictsAsJson(df: Table): Record<string, unknown>[] {
  return dfExtractDicts(df).map((row) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])),
  );
}

/** A database of two runs; the second adds a column, so old rows hold null there. */
async function twoRuns(calcDir: string): Promise<Table> {
  const func = (p: { a: number; b: string }) => ({
    y: p.a * 2,
    ratio: p.a / 3,
    label: `${p.b}, "${p.a}"\n€`,
    even: p.a % 2 === 0,
    nested: { list: [p.a, p.b], deep: { ok: true } },
    big: 2 ** 40 + p.a,
    sometimes: p.a === 1 ? null : p.a,
  });
  const params = pgrid(plist("a", [1, 2]), plist("b", ["x", "ü,y"]));
  await run(func, params, { calcDir });
  return run((p: { a: number; b: string }) => ({ ...func(p), added: [p.a] }), params, { calcDir });
}

async function duckdbRows(sql: string): Promise<{ rows: Record<string, unknown>[]; types: string[]; names: string[] }> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(sql);
    return {
      rows: reader.getRowObjectsJS() as Record<string, unknown>[],
      types: reader.columnTypes().map(String),
      names: reader.columnNames(),
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe("dfWrite json", () => {
  it("writes records that parse back to dfExtractDicts (Dates as ISO strings), columns in schema order", async () => {
    const dir = tmpDir();
    const df = await twoRuns(`${dir}/calc`);
    await dfWrite(`${dir}/out/db.json`, df, { format: "json" });
    const parsed = JSON.parse(readFileSync(`${dir}/out/db.json`, "utf8")) as Record<string, unknown>[];
    expect(parsed).toEqual(dictsAsJson(df));
    expect(parsed.length).toBe(8);
    for (const row of parsed) expect(Object.keys(row)).toEqual(df.schema.fields.map((f) => f.name));
    expect(parsed[0]!.added).toBe(null); // the column the second run added
    expect(parsed[4]!.added).toEqual([1]);
    expect(parsed[0]!.nested).toEqual({ list: [1, "x"], deep: { ok: true } });
    expect(parsed[0]!._time_utc).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(readdirSync(`${dir}/out`)).toEqual(["db.json"]); // no temporary file left
  });

  it("writes the tricky table: -0 kept, NaN and Infinity as null, one row per line", async () => {
    const dir = tmpDir();
    await dfWrite(`${dir}/t.json`, tricky, { format: "json" });
    const text = readFileSync(`${dir}/t.json`, "utf8");
    expect(text.split("\n").length).toBe(tricky.numRows + 3); // "[", rows, "]", final newline
    const parsed = JSON.parse(text) as Record<string, unknown>[];
    expect(parsed.map((row) => row.x)).toEqual([0.5, -0, null, null, null]);
    expect(Object.is(parsed[1]!.x, -0)).toBe(true);
    const expected = dictsAsJson(tricky).map((row) => ({
      ...row,
      x: typeof row.x === "number" && !Number.isFinite(row.x) ? null : row.x,
    }));
    expect(parsed).toEqual(expected);
    expect(parsed[3]!['u,"ü"']).toBe("");
    expect(parsed[1]!.obj).toEqual([1, "a,b"]);
  });

  it("keeps integer-like column names in schema order", () => {
    const text = toJson(
      tableOf([
        ["b", [1]],
        ["2", [2]],
        ["a", [3]],
        ["1", [4]],
      ]),
    );
    expect(text).toBe('[\n{"b":1,"2":2,"a":3,"1":4}\n]\n');
  });

  it("writes the cells of a JSON column of mixed kinds: Dates as ISO strings, NaN as null, -0 kept", () => {
    const mixed = tableOf([["m", [new Date(0), NaN, "s", -0, { k: [1] }, null, -Infinity]]]);
    expect(dfExtractDicts(mixed).map((row) => row.m)).toEqual([new Date(0), NaN, "s", -0, { k: [1] }, null, -Infinity]);
    expect(toJson(mixed)).toBe(
      '[\n{"m":"1970-01-01T00:00:00.000Z"},\n{"m":null},\n{"m":"s"},\n{"m":-0},\n{"m":{"k":[1]}},\n{"m":null},\n{"m":null}\n]\n',
    );
    expect(toCsv(mixed)).toBe('m\r\n1970-01-01T00:00:00.000Z\r\nNaN\r\ns\r\n-0\r\n"{""k"":[1]}"\r\n\r\n-Infinity\r\n');
  });

  it("writes [] for a table without rows", () => {
    expect(toJson(tableOf([["a", []]]))).toBe("[]\n");
  });
});

describe("dfWrite csv", () => {
  it("writes the exact RFC 4180 text for tricky values", async () => {
    const dir = tmpDir();
    await dfWrite(`${dir}/t.csv`, tricky, { format: "csv" });
    expect(readFileSync(`${dir}/t.csv`, "utf8")).toBe(TRICKY_CSV);
    expect(toCsv(tricky)).toBe(TRICKY_CSV);
  });

  it("is read back by an independent parser: quoted fields, nulls as unquoted empty fields, nested JSON", async () => {
    const parsed = parseCsv(TRICKY_CSV);
    expect(parsed.length).toBe(6);
    expect(parsed[1]![6]).toEqual({ text: '{"k":[1,2]}', quoted: true });
    expect(parsed[3]![4]).toEqual({ text: "", quoted: false }); // null
    expect(parsed[4]![2]).toEqual({ text: "", quoted: true }); // empty string
    expect(parsed[4]![1]).toEqual({ text: "two\nlines", quoted: true });
    expectCsvHolds(TRICKY_CSV, tricky);
  });

  it("writes a real database that parses back to dfExtractDicts", async () => {
    const dir = tmpDir();
    const df = await twoRuns(`${dir}/calc`);
    await dfWrite(`${dir}/db.csv`, df, { format: "csv" });
    const csv = readFileSync(`${dir}/db.csv`, "utf8");
    expectCsvHolds(csv, df);
    expect(parseCsv(csv).length).toBe(9);
  });

  it("writes only the header for a table without rows", () => {
    expect(
      toCsv(
        tableOf([
          ["a", []],
          ["b,c", []],
        ]),
      ),
    ).toBe('a,"b,c"\r\n');
  });
});

describe("dfWrite parquet", () => {
  it("writes a file DuckDB reads with the same values and types", async () => {
    const dir = tmpDir();
    const df = await twoRuns(`${dir}/calc`);
    const path = `${dir}/db.parquet`;
    await dfWrite(path, df, { format: "parquet" });
    expect(readFileSync(path).subarray(0, 4).toString()).toBe("PAR1");
    expect(readdirSync(dir).sort()).toEqual(["calc", "db.parquet"]);

    const { rows, names, types } = await duckdbRows(`SELECT * FROM read_parquet('${path}')`);
    expect(names).toEqual(df.schema.fields.map((f) => f.name));
    const typeOf = Object.fromEntries(names.map((n, i) => [n, types[i]]));
    expect(typeOf).toMatchObject({
      a: "INTEGER",
      b: "VARCHAR",
      y: "INTEGER",
      ratio: "DOUBLE",
      label: "VARCHAR",
      even: "BOOLEAN",
      nested: "VARCHAR",
      big: "BIGINT",
      sometimes: "INTEGER",
      added: "VARCHAR",
      _time_utc: "TIMESTAMP WITH TIME ZONE",
    });
    const json = new Set(["nested", "added"]);
    const fromDuckdb = rows.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [
          k,
          typeof v === "bigint" ? Number(v) : json.has(k) && typeof v === "string" ? JSON.parse(v) : v,
        ]),
      ),
    );
    expect(fromDuckdb).toEqual(dfExtractDicts(df));
  });

  it("keeps the Arrow schema and psweep's metadata: parquet-wasm reads back the same table", async () => {
    const dir = tmpDir();
    const df = await twoRuns(`${dir}/calc`);
    await dfWrite(`${dir}/db.parquet`, df, { format: "parquet" });
    const { readParquet } = await import("parquet-wasm");
    const back = tableFromIPC(readParquet(readFileSync(`${dir}/db.parquet`)).intoIPCStream());
    // (metadata order is not kept: the Rust side holds it in a hash map)
    const shape = (t: Table) =>
      t.schema.fields.map((f) => [f.name, String(f.type), f.nullable, [...f.metadata].sort()]);
    expect(shape(back)).toEqual(shape(df));
    expect([...back.schema.metadata].sort()).toEqual([...df.schema.metadata].sort());
    expect(back.schema.metadata.get("psweep:hash_scheme")).toBe("jcs-sha1-v1");
    expect(dfExtractDicts(back)).toEqual(dfExtractDicts(df));
  });

  it("writes the tricky table and a table without rows", async () => {
    const dir = tmpDir();
    await dfWrite(`${dir}/t.parquet`, tricky, { format: "parquet" });
    const { rows } = await duckdbRows(
      `SELECT id, "u,""ü""" AS u, x::VARCHAR AS x, big, obj, "when" FROM read_parquet('${dir}/t.parquet') ORDER BY id`,
    );
    expect(rows.map((r) => r.u)).toEqual(["äö€", "日本語", "🎉", "", "x\ry"]);
    expect(rows.map((r) => r.x)).toEqual(["0.5", "-0.0", "nan", "inf", null]);
    expect(rows.map((r) => r.big)).toEqual([2n ** 40n, 1n, null, -3n, 0n]);
    expect(rows[0]!.when).toEqual(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)));

    await dfWrite(
      `${dir}/empty.parquet`,
      tableOf([
        ["a", []],
        ["s", []],
      ]),
      { format: "parquet" },
    );
    const empty = await duckdbRows(`SELECT * FROM read_parquet('${dir}/empty.parquet')`);
    expect(empty.rows).toEqual([]);
    expect(empty.names).toEqual(["a", "s"]);
  });

  it("is not loaded by importing psweep, only by the first parquet write", () => {
    const script = `
      import { createRequire } from "node:module";
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((p) => p.includes("parquet-wasm"));
      const psweep = await import("./test/helpers/psweep.ts");
      const before = loaded();
      const df = await psweep.run((p) => ({ y: p.a }), psweep.pgrid(psweep.plist("a", [1])), { save: false });
      await psweep.dfWrite(process.argv[1] + "/x.parquet", df, { format: "parquet" });
      console.log(JSON.stringify({ before, after: loaded() }));
    `;
    const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, tmpDir()], {
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({ before: false, after: true });
  });
});

describe("dfWrite of a database appended to in place", () => {
  it("writes every row in every format (its batches' schemas use other type classes than the table's)", async () => {
    const dir = tmpDir();
    const calcDir = `${dir}/calc`;
    const func = (p: { a: number }) => ({ y: p.a * 2, f: p.a / 2, when: new Date(p.a) });
    await run(func, pgrid(plist("a", [1, 2])), { calcDir });
    const df = await run(func, pgrid(plist("a", [3, 4, 5])), { calcDir });
    expect(df.batches.length).toBeGreaterThan(1);
    const expected = dfExtractDicts(df);
    expect(expected.map((row) => row.a)).toEqual([1, 2, 3, 4, 5]);

    await dfWrite(`${dir}/db.arrow`, df);
    expect(dfExtractDicts(tableFromIPC(readFileSync(`${dir}/db.arrow`)))).toEqual(expected);
    await dfWrite(`${dir}/db.parquet`, df, { format: "parquet" });
    const { readParquet } = await import("parquet-wasm");
    expect(dfExtractDicts(tableFromIPC(readParquet(readFileSync(`${dir}/db.parquet`)).intoIPCStream()))).toEqual(
      expected,
    );
    const { rows } = await duckdbRows(`SELECT a FROM read_parquet('${dir}/db.parquet')`);
    expect(rows.map((row) => row.a)).toEqual([1, 2, 3, 4, 5]);
    await dfWrite(`${dir}/db.json`, df, { format: "json" });
    expect(JSON.parse(readFileSync(`${dir}/db.json`, "utf8"))).toEqual(dictsAsJson(df));
    await dfWrite(`${dir}/db.csv`, df, { format: "csv" });
    expectCsvHolds(readFileSync(`${dir}/db.csv`, "utf8"), df);
  });
});

describe("dfWrite errors", () => {
  const df = tableOf([["a", [1, 2]]]);

  async function expectNothingWritten(dir: string, write: () => Promise<unknown>, message: RegExp): Promise<void> {
    const before = readdirSync(dir).sort();
    const error = await write().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PsweepError);
    expect((error as Error).message).toMatch(message);
    expect(readdirSync(dir).sort()).toEqual(before);
  }

  it("refuses an unknown format, naming it and the formats there are", async () => {
    const dir = tmpDir();
    await expectNothingWritten(
      dir,
      () => dfWrite(`${dir}/sub/x.xlsx`, df, { format: "xlsx" as never }),
      /format must be one of "arrow", "json", "csv", "parquet", got "xlsx"/,
    );
    await expectNothingWritten(
      dir,
      () => dfWrite(`${dir}/x.csv`, df, { format: "CSV" as never }),
      /got "CSV" \(did you mean "csv"\?\)/,
    );
    await expectNothingWritten(
      dir,
      () => dfWrite(`${dir}/x.csv`, df, { format: 3 as never }),
      /format must be one of .*, got 3/,
    );
    expect(existsSync(`${dir}/sub`)).toBe(false);
  });

  it("refuses unknown options, a df that is not a Table, and a path that is not a file", async () => {
    const dir = tmpDir();
    mkdirSync(`${dir}/folder`);
    await expectNothingWritten(
      dir,
      () => dfWrite(`${dir}/x.csv`, df, { fromat: "csv" } as never),
      /unknown option "fromat"; the only option is "format"/,
    );
    await expectNothingWritten(
      dir,
      () => dfWrite(`${dir}/x.csv`, df, "csv" as never),
      /options must be an object like \{format: "csv"\}, got "csv"/,
    );
    await expectNothingWritten(
      dir,
      () => dfWrite(`${dir}/x.json`, dfExtractDicts(df) as never, { format: "json" }),
      /df must be an apache-arrow Table .* got an array of length 2/,
    );
    await expectNothingWritten(
      dir,
      () => dfWrite("", df, { format: "json" }),
      /path must be the path of a file .* got ""/,
    );
    await expectNothingWritten(
      dir,
      () => dfWrite(`${dir}/x/`, df, { format: "json" }),
      /path must be the path of a file/,
    );
    await expectNothingWritten(
      dir,
      () => dfWrite(`${dir}/folder`, df, { format: "csv" }),
      /folder is a directory; give the path of the file to write/,
    );
    expect(readdirSync(`${dir}/folder`)).toEqual([]);
  });

  it("refuses columns JSON and CSV cannot hold, and duplicate names in JSON, leaving an existing file as it was", async () => {
    const dir = tmpDir();
    const binaryField = new Field("raw", new Binary(), true);
    const binary = new Table([
      new RecordBatch(
        new Schema([binaryField]),
        makeData({
          type: new Struct([binaryField]),
          length: 1,
          nullCount: 0,
          children: [
            makeData({
              type: new Binary(),
              length: 1,
              nullCount: 0,
              valueOffsets: new Int32Array([0, 2]),
              data: new Uint8Array([1, 2]),
            }),
          ],
        }),
      ),
    ]);
    writeFileSync(`${dir}/x.json`, "old");
    writeFileSync(`${dir}/x.csv`, "old");
    await expectNothingWritten(
      dir,
      () => dfWrite(`${dir}/x.json`, binary, { format: "json" }),
      /column "raw" \(Arrow type Binary\) holds an instance of Uint8Array in row 0, which format "json" cannot represent/,
    );
    await expectNothingWritten(
      dir,
      () => dfWrite(`${dir}/x.csv`, binary, { format: "csv" }),
      /format "csv" cannot represent.*"arrow" or "parquet"/,
    );
    const dupFields = [fieldOf("a", "int32"), fieldOf("a", "utf8")];
    const dup = new Table([
      new RecordBatch(
        new Schema(dupFields),
        makeData({
          type: new Struct(dupFields),
          length: 1,
          nullCount: 0,
          children: [encodeColumn([1], "int32"), encodeColumn(["s"], "utf8")],
        }),
      ),
    ]);
    await expectNothingWritten(
      dir,
      () => dfWrite(`${dir}/x.json`, dup, { format: "json" }),
      /column name "a" occurs twice.*unique for format "json"/,
    );
    expect(readFileSync(`${dir}/x.json`, "utf8")).toBe("old");
    expect(readFileSync(`${dir}/x.csv`, "utf8")).toBe("old");
    // Parquet holds any Arrow type
    await dfWrite(`${dir}/raw.parquet`, binary, { format: "parquet" });
    expect((await duckdbRows(`SELECT octet_length(raw) AS n FROM read_parquet('${dir}/raw.parquet')`)).rows).toEqual([
      { n: 2n },
    ]);
  });

  it("replaces an existing file and still writes arrow by default", async () => {
    const dir = tmpDir();
    writeFileSync(`${dir}/db.csv`, "old");
    await dfWrite(`${dir}/db.csv`, df, { format: "csv" });
    expect(readFileSync(`${dir}/db.csv`, "utf8")).toBe("a\r\n1\r\n2\r\n");
    await dfWrite(`${dir}/db.arrow`, df);
    expect(dfExtractDicts(await dfRead(`${dir}/db.arrow`))).toEqual([{ a: 1 }, { a: 2 }]);
    expect(readdirSync(dir).sort()).toEqual(["db.arrow", "db.csv"]);
  });
});
