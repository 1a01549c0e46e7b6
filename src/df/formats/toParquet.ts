// Database -> Parquet, with parquet-wasm (the Rust arrow/parquet crates
// compiled to wasm), Snappy-compressed.
//
// Columns keep their Arrow types: Int32 / Int64 integers, Float64 doubles,
// Bool, Utf8 strings, Timestamp[ms, UTC] as a Parquet TIMESTAMP(MILLIS,
// UTC-adjusted) (DuckDB: TIMESTAMP WITH TIME ZONE). JSON columns (arrays,
// objects, mixed kinds) are strings holding JSON text, as in the Arrow file.
// A column of only nulls (Arrow Null) has no Parquet type of its own and is
// an all-null INT32 column to most readers. The Arrow schema, with psweep's
// field and schema metadata, is kept in the file's "ARROW:schema" key, so
// Arrow-based readers get the exact types and metadata back.
//
// parquet-wasm is loaded on first use with a dynamic import, so importing
// psweep never loads it. Its package's "node" export condition, which Node,
// Bun and Deno all match, is a CommonJS build that compiles its wasm
// synchronously when loaded; other builds (a bundler's browser build) export
// an init function, which is called first.

import type { Table } from "apache-arrow";
import { loadArrow } from "../../arrow/loadArrow.js";
import { PsweepError } from "../../errors.js";
import { withOneSchema } from "./oneSchema.js";
import { importOptional } from "../../util/optionalDependency.js";

type ParquetWasm = typeof import("parquet-wasm");

/** The Parquet file's bytes of `table`. */
export async function toParquet(table: Table): Promise<Uint8Array> {
  const parquet = await loadParquetWasm();
  // parquet-wasm reads the Arrow IPC stream format only (not the file format).
  const { tableToIPC } = await loadArrow();
  const stream = tableToIPC(withOneSchema(table), "stream");
  try {
    const wasmTable = parquet.Table.fromIPCStream(stream);
    const properties = new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.SNAPPY).build();
    // writeParquet takes ownership of (and frees) the wasm table and properties.
    return parquet.writeParquet(wasmTable, properties);
  } catch (error) {
    throw new PsweepError(`dfWrite: parquet-wasm could not write this table as Parquet: ${messageOf(error)}`, {
      cause: error,
    });
  }
}

async function loadParquetWasm(): Promise<ParquetWasm> {
  const namespace = await importOptional(
    'dfWrite format "parquet"',
    ["parquet-wasm"],
    () => import("parquet-wasm") as Promise<ParquetWasm & { default?: unknown }>,
  );
  const initOrExports = namespace.default;
  if (typeof initOrExports === "function") await (initOrExports as () => Promise<unknown>)();
  // Named exports of the CommonJS build come through Node's and bundlers'
  // interop; when they do not, they are the properties of the default export.
  return typeof namespace.writeParquet === "function" ? namespace : (initOrExports as ParquetWasm);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
