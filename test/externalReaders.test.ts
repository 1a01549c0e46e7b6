// The database read by other implementations than apache-arrow's: polars
// (Rust, through nodejs-polars) and flechette (pure JavaScript) read
// calc/database.arrow, also after a second run appended to it in place;
// DuckDB reads dfWrite's Parquet export.

import { readFileSync, statSync } from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";
import { tableFromIPC as flechetteFromIPC } from "@uwdata/flechette";
import type { Table } from "apache-arrow";
import pl from "nodejs-polars";
import { describe, expect, it } from "vitest";
import { ENCODING_KEY, JSON_ENCODING, dfExtractDicts, dfWrite, pgrid, plist, run } from "./helpers/psweep.js";
import { tmpDir } from "./helpers/tmp.js";

type Params = { a: number; b: string };

const params = pgrid(plist("a", [1, 2, 3]), plist("b", ["x", 'ä,"y"\n']));
const func = (p: Params) => ({
  i: p.a * 10,
  f: p.a / 4,
  s: `${p.b}-${p.a} €`,
  flag: p.a % 2 === 0,
  big: 2 ** 40 + p.a,
  nested: { list: [p.a, p.b], obj: { deep: null } },
  sometimes: p.a === 2 ? null : p.a * 1.5,
});

/** The columns psweep stores as JSON text. */
function jsonColumns(df: Table): Set<string> {
  return new Set(df.schema.fields.filter((f) => f.metadata.get(ENCODING_KEY) === JSON_ENCODING).map((f) => f.name));
}

/** A reader's rows in dfExtractDicts' terms: 64-bit integers as numbers, JSON text parsed. */
function normalize(rows: Record<string, unknown>[], json: Set<string>): Record<string, unknown>[] {
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [
        k,
        typeof v === "bigint" ? Number(v) : json.has(k) && typeof v === "string" ? JSON.parse(v) : v,
      ]),
    ),
  );
}

/** Runs twice on one calc dir; checks that the second run appended to database.arrow in place. */
async function twoRunsAppended(calcDir: string): Promise<Table> {
  const path = `${calcDir}/database.arrow`;
  await run(func, params, { calcDir });
  const before = readFileSync(path);
  const inode = statSync(path).ino;
  const df = await run(func, params, { calcDir });
  const after = readFileSync(path);
  // Same file (not replaced by a rewrite), and every byte before the old
  // end-of-stream marker and footer unchanged: the new batches were appended.
  const footerLength = before.readInt32LE(before.length - 10);
  const oldDataEnd = before.length - 10 - footerLength - 8;
  expect(statSync(path).ino).toBe(inode);
  expect(after.length).toBeGreaterThan(before.length);
  expect(Buffer.compare(after.subarray(0, oldDataEnd), before.subarray(0, oldDataEnd))).toBe(0);
  return df;
}

async function duckdb(sql: string): Promise<{ rows: Record<string, unknown>[]; names: string[]; types: string[] }> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(sql);
    return {
      rows: reader.getRowObjectsJS() as Record<string, unknown>[],
      names: reader.columnNames(),
      types: reader.columnTypes().map(String),
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe("nodejs-polars reads calc/database.arrow", () => {
  it("after two runs (the second appended in place): natural dtypes, 2x rows, the values dfExtractDicts gives", async () => {
    const calcDir = `${tmpDir()}/calc`;
    const df = await twoRunsAppended(calcDir);
    const polars = pl.readIPC(readFileSync(`${calcDir}/database.arrow`));
    expect(polars.height).toBe(2 * params.length);
    expect(polars.columns).toEqual(df.schema.fields.map((f) => f.name));

    const dtype = (name: string) => polars.getColumn(name).dtype;
    const variants = Object.fromEntries(polars.columns.map((name) => [name, dtype(name).variant]));
    expect(variants).toEqual({
      a: "Int32",
      b: "String",
      _pset_hash: "String",
      _pset_id: "String",
      _run_seq: "Int32",
      _pset_seq: "Int32",
      _run_id: "String",
      _calc_dir: "String",
      _time_utc: "Datetime",
      _exec_host: "String",
      i: "Int32",
      f: "Float64",
      s: "String",
      flag: "Bool",
      big: "Int64",
      nested: "String",
      sometimes: "Float64",
      _pset_runtime: "Float64",
    });
    expect(dtype("_time_utc").equals(pl.Datetime("ms", "UTC"))).toBe(true);

    const rows = normalize(polars.toRecords() as Record<string, unknown>[], jsonColumns(df));
    expect(rows).toEqual(dfExtractDicts(df));
    expect(rows[0]!._time_utc).toBeInstanceOf(Date);
    expect(polars.getColumn("sometimes").nullCount()).toBe(4);
    expect(polars.getColumn("_run_seq").toArray()).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
  });

  it("after a second run that added a column: old rows null there", async () => {
    const calcDir = `${tmpDir()}/calc`;
    await run(func, params, { calcDir });
    const df = await run((p: Params) => ({ ...func(p), extra: `new ${p.a}`, extraInt: p.a }), params, { calcDir });
    const polars = pl.readIPC(readFileSync(`${calcDir}/database.arrow`));
    expect(polars.height).toBe(12);
    expect(polars.columns.slice(-3)).toEqual(["_pset_runtime", "extra", "extraInt"]); // new columns after the old ones
    expect(polars.columns).toEqual(df.schema.fields.map((f) => f.name));
    expect(polars.getColumn("extra").dtype.variant).toBe("String");
    expect(polars.getColumn("extraInt").dtype.variant).toBe("Int32");
    expect(polars.getColumn("extra").toArray()).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      "new 1",
      "new 1",
      "new 2",
      "new 2",
      "new 3",
      "new 3",
    ]);
    expect(polars.getColumn("extraInt").nullCount()).toBe(6);
    expect(normalize(polars.toRecords() as Record<string, unknown>[], jsonColumns(df))).toEqual(dfExtractDicts(df));
  });
});

describe("DuckDB reads the Parquet export", () => {
  it("with the right types and values", async () => {
    const dir = tmpDir();
    const df = await twoRunsAppended(`${dir}/calc`);
    const path = `${dir}/db.parquet`;
    await dfWrite(path, df, { format: "parquet" });

    const { rows, names, types } = await duckdb(`SELECT * FROM read_parquet('${path}')`);
    expect(names).toEqual(df.schema.fields.map((f) => f.name));
    expect(Object.fromEntries(names.map((n, i) => [n, types[i]]))).toEqual({
      a: "INTEGER",
      b: "VARCHAR",
      _pset_hash: "VARCHAR",
      _pset_id: "VARCHAR",
      _run_seq: "INTEGER",
      _pset_seq: "INTEGER",
      _run_id: "VARCHAR",
      _calc_dir: "VARCHAR",
      _time_utc: "TIMESTAMP WITH TIME ZONE",
      _exec_host: "VARCHAR",
      i: "INTEGER",
      f: "DOUBLE",
      s: "VARCHAR",
      flag: "BOOLEAN",
      big: "BIGINT",
      nested: "VARCHAR",
      sometimes: "DOUBLE",
      _pset_runtime: "DOUBLE",
    });
    expect(normalize(rows, jsonColumns(df))).toEqual(dfExtractDicts(df));

    // and it computes on them
    const summary = await duckdb(
      `SELECT count(*) AS n, sum(i) AS i, count(sometimes) AS some, max(big) AS big, count(DISTINCT _run_id) AS runs,
              min(epoch_ms(_time_utc)) AS t0
       FROM read_parquet('${path}') WHERE flag OR NOT flag`,
    );
    const times = dfExtractDicts(df).map((row) => (row._time_utc as Date).getTime());
    expect(summary.rows).toEqual([
      { n: 12n, i: 240n, some: 8n, big: BigInt(2 ** 40 + 3), runs: 2n, t0: BigInt(Math.min(...times)) },
    ]);
  });
});

describe("flechette reads calc/database.arrow", () => {
  it("after two runs (the second appended in place): types, field metadata and values", async () => {
    const calcDir = `${tmpDir()}/calc`;
    const df = await twoRunsAppended(calcDir);
    const table = flechetteFromIPC(readFileSync(`${calcDir}/database.arrow`));
    expect(table.numRows).toBe(12);
    expect(table.schema.fields.map((f) => f.name)).toEqual(df.schema.fields.map((f) => f.name));

    const typeOf = (name: string) =>
      table.schema.fields.find((f) => f.name === name)!.type as {
        typeId: number;
        bitWidth?: number;
        unit?: number;
        timezone?: string;
      };
    // Arrow type ids: 2 Int, 3 Float, 5 Utf8, 6 Bool, 10 Timestamp
    expect(typeOf("a")).toMatchObject({ typeId: 2, bitWidth: 32 });
    expect(typeOf("big")).toMatchObject({ typeId: 2, bitWidth: 64 });
    expect(typeOf("f").typeId).toBe(3);
    expect(typeOf("s").typeId).toBe(5);
    expect(typeOf("flag").typeId).toBe(6);
    expect(typeOf("_time_utc")).toMatchObject({ typeId: 10, unit: 1, timezone: "UTC" }); // unit 1: milliseconds
    const meta = table.schema.fields.find((f) => f.name === "nested")!.metadata;
    expect(meta?.get(ENCODING_KEY)).toBe(JSON_ENCODING);

    // flechette gives timestamps as epoch milliseconds
    const rows = normalize(table.toArray() as Record<string, unknown>[], jsonColumns(df)).map((row) => ({
      ...row,
      _time_utc: new Date(row._time_utc as number),
    }));
    expect(rows).toEqual(dfExtractDicts(df));
  });
});
