// Databases written by other tools: polars (strings as Utf8View, categoricals
// as dictionaries, lz4/zstd-compressed IPC) and apache-arrow (LargeUtf8,
// dictionaries, narrow numbers). run() appends to them, or refuses before
// func is called; dfRead reads them before and after, and polars reads what
// run() wrote.

import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import {
  Binary,
  Dictionary,
  Float32,
  Int32,
  Int64,
  Int8,
  LargeUtf8,
  RecordBatch,
  Schema,
  Table,
  TimestampMicrosecond,
  TimestampNanosecond,
  Uint32,
  Utf8,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
} from "apache-arrow";
import pl from "nodejs-polars";
import { describe, expect, it } from "vitest";
import { PsweepError, dfExtractDicts, dfRead, run } from "./helpers/psweep.js";
import { tmpDir } from "./helpers/tmp.js";

/** calc/database.arrow holding `bytes`; returns calcDir and the file's path. */
function studyWith(bytes: Uint8Array): { calcDir: string; file: string } {
  const calcDir = `${tmpDir()}/calc`;
  mkdirSync(calcDir, { recursive: true });
  writeFileSync(`${calcDir}/database.arrow`, bytes);
  return { calcDir, file: `${calcDir}/database.arrow` };
}

/** Only the given keys of each row (book-keeping differs per run). */
const pick = (rows: Record<string, unknown>[], keys: string[]) =>
  rows.map((row) => Object.fromEntries(keys.map((k) => [k, row[k] ?? null])));

const polarsFrame = () =>
  pl.DataFrame({ a: [1, 2], s: ["x", "yé"], c: pl.Series("c", ["p", "q"]).cast(pl.Categorical) });

describe("databases written by polars and apache-arrow", () => {
  const cases: Array<[string, () => Uint8Array]> = [
    ["polars (Utf8View strings, a categorical)", () => polarsFrame().writeIPC()],
    ["polars, lz4-compressed", () => polarsFrame().writeIPC({ compression: "lz4" })],
    ["polars, zstd-compressed", () => polarsFrame().writeIPC({ compression: "zstd" })],
    [
      "apache-arrow (LargeUtf8, Dictionary<Int32, Utf8>, Float32, Int8)",
      () =>
        tableToIPC(
          new Table({
            a: vectorFromArray([1, 2], new Int8()),
            s: vectorFromArray(["x", "yé"], new LargeUtf8()),
            c: vectorFromArray(["p", "q"], new Dictionary(new Utf8(), new Int32())),
            f: vectorFromArray([0.5, 1.5], new Float32()),
          }),
          "file",
        ),
    ],
  ];

  it("pandas/pyarrow-style columns (Int64, Uint32, timestamps in µs and ns) read and take new rows with their values", async () => {
    const t0 = Date.UTC(2024, 0, 2, 3, 4, 5, 6);
    const bytes = tableToIPC(
      new Table({
        a: vectorFromArray([1n, 2n], new Int64()),
        u: vectorFromArray([7, 4_000_000_000], new Uint32()),
        t_us: vectorFromArray([t0, t0 + 1], new TimestampMicrosecond()),
        t_ns: vectorFromArray([t0, t0 + 2], new TimestampNanosecond()),
      }),
      "file",
    );
    const { calcDir, file } = studyWith(bytes);
    const read = dfExtractDicts(await dfRead(file));
    expect(pick(read, ["a", "u", "t_us", "t_ns"])).toEqual([
      { a: 1, u: 7, t_us: new Date(t0), t_ns: new Date(t0) },
      { a: 2, u: 4_000_000_000, t_us: new Date(t0 + 1), t_ns: new Date(t0 + 2) },
    ]);
    await run(() => ({}), [{ a: 3 }], { calcDir });
    const rows = dfExtractDicts(await dfRead(file));
    expect(pick(rows, ["a", "u", "t_us", "t_ns"])).toEqual([
      ...pick(read, ["a", "u", "t_us", "t_ns"]),
      { a: 3, u: null, t_us: null, t_ns: null },
    ]);
  });

  it.each(cases)(
    "%s: dfRead reads it, run() appends to it, and dfRead, run() and polars read the result",
    async (_name, write) => {
      const { calcDir, file } = studyWith(write());
      const before = dfExtractDicts(await dfRead(file));
      expect(pick(before, ["a", "s", "c"])).toEqual([
        { a: 1, s: "x", c: "p" },
        { a: 2, s: "yé", c: "q" },
      ]);

      let calls = 0;
      const df = await run((p: { a: number; s: string }) => (calls++, { r: `${p.s}!` }), [{ a: 3, s: "z" }], {
        calcDir,
      });
      expect(calls).toBe(1);
      const expected = [
        { a: 1, s: "x", c: "p", r: null },
        { a: 2, s: "yé", c: "q", r: null },
        { a: 3, s: "z", c: null, r: "z!" },
      ];
      expect(pick(dfExtractDicts(df), ["a", "s", "c", "r"])).toEqual(expected);
      expect(pick(dfExtractDicts(await dfRead(file)), ["a", "s", "c", "r"])).toEqual(expected);
      // nothing left over, and a second run appends again, in place now that the file has psweep's types
      expect(readdirSync(`${calcDir}/.psweep/database.arrow.wal`)).toEqual([]);
      const inode = statSync(file).ino;
      await run(() => ({ r: "again" }), [{ a: 4, s: "w" }], { calcDir });
      expect(statSync(file).ino).toBe(inode);
      const after = dfExtractDicts(await dfRead(file));
      expect(after.map((row) => row.a)).toEqual([1, 2, 3, 4]);
      // polars reads the file run() wrote
      const polars = pl.readIPC(readFileSync(file));
      expect(polars.getColumn("s").toArray()).toEqual(["x", "yé", "z", "w"]);
      expect(polars.getColumn("r").toArray()).toEqual([null, null, "z!", "again"]);
    },
  );

  it("a column type psweep cannot store: run() refuses before func is called; the file is unchanged, no log is left, dfRead still works", async () => {
    const bytes = tableToIPC(
      new Table({
        a: vectorFromArray([1, 2], new Int32()),
        blob: vectorFromArray([new Uint8Array([1]), new Uint8Array([2, 3])], new Binary()),
      }),
      "file",
    );
    const { calcDir, file } = studyWith(bytes);
    let calls = 0;
    const error = await run(() => (calls++, {}), [{ a: 3 }, { a: 4 }], { calcDir }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(PsweepError);
    expect((error as Error).message).toBe(
      `${file}: database column "blob" has Arrow type Binary, which psweep cannot store (it stores booleans, integers, floats, strings, timestamps and JSON text), ` +
        "so no rows can be added to it. Nothing was run. Convert that column (e.g. to strings) in the tool that wrote the file, or start a new database (another calcDir or databaseBasename)",
    );
    expect(calls).toBe(0);
    expect(readFileSync(file)).toEqual(Buffer.from(bytes));
    expect(
      existsSync(`${calcDir}/.psweep/database.arrow.wal`) ? readdirSync(`${calcDir}/.psweep/database.arrow.wal`) : [],
    ).toEqual([]);
    expect((await dfRead(file)).numRows).toBe(2);
    // the same with the table given as df
    const df = await dfRead(file);
    await expect(run(() => (calls++, {}), [{ a: 5 }], { calcDir, df })).rejects.toThrow(
      /database column "blob" has Arrow type Binary/,
    );
    await expect(run(() => (calls++, {}), [{ a: 5 }], { df, save: false })).rejects.toThrow(
      /^df: database column "blob"/,
    );
    expect(calls).toBe(0);
  });
});

describe("a database of another hash scheme", () => {
  it("run() refuses to add to it, before func is called, and changes nothing; dfRead reads it", async () => {
    const calcDir = `${tmpDir()}/calc`;
    const file = `${calcDir}/database.arrow`;
    await run((p: { a: number }) => ({ y: p.a }), [{ a: 1 }, { a: 2 }], { calcDir });
    const ours = tableFromIPC(readFileSync(file));
    expect(ours.schema.metadata.get("psweep:hash_scheme")).toBe("jcs-sha1-v1");
    // As a later psweep with another scheme would write it.
    const schema = new Schema(ours.schema.fields, new Map([["psweep:hash_scheme", "jcs-sha256-v2"]]));
    const bytes = tableToIPC(
      new Table(
        schema,
        ours.batches.map((batch) => new RecordBatch(schema, batch.data)),
      ),
      "file",
    );
    writeFileSync(file, bytes);
    let calls = 0;
    for (const skipDups of [false, true]) {
      const error = await run(() => (calls++, {}), [{ a: 1 }, { a: 3 }], { calcDir, skipDups }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PsweepError);
      expect((error as Error).message).toBe(
        `${file}: its _pset_hash values are of the hash scheme "jcs-sha256-v2" (schema metadata psweep:hash_scheme), ` +
          `and this psweep makes "jcs-sha1-v1": this run's rows would put hashes of another kind in that column, ` +
          `and skipDups could not find duplicates. Nothing was run. ` +
          `Add to it with the psweep that wrote it, or start a new database (another calcDir or databaseBasename)`,
      );
    }
    expect(calls).toBe(0);
    expect(readFileSync(file)).toEqual(Buffer.from(bytes));
    expect(readdirSync(`${calcDir}/.psweep/database.arrow.wal`)).toEqual([]);
    expect(dfExtractDicts(await dfRead(file)).map((row) => row.y)).toEqual([1, 2]);
  });
});

describe("the run options on a polars database", () => {
  it("simulate copies it (func not called, the file unchanged), skipDups finds its psets by hash, backup copies it", async () => {
    const bytes = pl.DataFrame({ a: [1, 2], s: ["x", "y"] }).writeIPC({ compression: "zstd" });
    const { calcDir, file } = studyWith(bytes);
    let calls = 0;
    const simulated = await run(() => (calls++, {}), [{ a: 3, s: "z" }], { calcDir, simulate: true });
    expect(calls).toBe(0);
    expect(simulated.numRows).toBe(3);
    expect(readFileSync(file)).toEqual(Buffer.from(bytes));
    expect(dfExtractDicts(await dfRead(`${calcDir}.simulate/database.arrow`)).map((row) => row.s)).toEqual([
      "x",
      "y",
      "z",
    ]);
    // rows without _pset_hash: a first run adds theirs as null, so skipDups skips nothing old but finds the new ones
    await run(() => (calls++, {}), [{ a: 3, s: "z" }], { calcDir, backup: true });
    await run(() => (calls++, {}), [{ a: 3, s: "z" }], { calcDir, skipDups: true, backup: true });
    expect(calls).toBe(1);
    const backups = readdirSync(`${calcDir}/..`).filter((name) => name.startsWith("calc.bak_"));
    expect(backups).toHaveLength(1);
    expect(dfExtractDicts(await dfRead(file)).map((row) => row.s)).toEqual(["x", "y", "z"]);
  });
});
