// One measurement of run() overhead, in its own process:
//   tsx bench/runOverhead.ts overhead <psets>     run() of a trivial func: three times with save: true
//                                                 (fresh databases), then three times with save: false
//   tsx bench/runOverhead.ts append <rows>        append 1,000 rows to a database of <rows>
// Prints one JSON line.

import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pgrid, plist, run, runtime } from "psweep";
import { Store } from "../src/database/store.js";
import { RowBuffer } from "../src/database/rowBuffer.js";

const [mode = "overhead", count = "1e4"] = process.argv.slice(2);
const n = Number(count);
const dir = mkdtempSync(join(tmpdir(), "psweep-bench-"));
const trivial = (p: { a: number; b: number }) => ({ y: p.a + p.b });
const params = (total: number, offset = 0) =>
  pgrid(plist("a", Array.from({ length: total / 10 }, (_, i) => i + offset)), plist("b", [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));

async function overhead(): Promise<object> {
  await run(trivial, params(1000), { calcDir: join(dir, "warm") }); // JIT warm-up, other database
  const seconds = async (options: { calcDir: string; save: boolean }): Promise<number> => {
    const ps = params(n);
    const started = performance.now();
    await run(trivial, ps, options);
    return (performance.now() - started) / 1000;
  };
  const saved: number[] = [];
  const unsaved: number[] = [];
  for (let i = 0; i < 3; i++) saved.push(await seconds({ calcDir: join(dir, `calc${i}`), save: true }));
  for (let i = 0; i < 3; i++) unsaved.push(await seconds({ calcDir: join(dir, "unsaved"), save: false }));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
  return { mode, n, first: saved[0], saved: median(saved), unsaved: median(unsaved), bytesPerRow: statSync(join(dir, "calc0", "database.arrow")).size / n };
}

async function append(): Promise<object> {
  const calcDir = join(dir, "calc");
  await run(trivial, params(n), { calcDir });
  await run(trivial, params(1000, n), { calcDir: join(dir, "warm") });
  const size = statSync(join(calcDir, "database.arrow")).size;
  // the whole run(): lock, read the database, run, log, append, return the table
  const started = performance.now();
  await run(trivial, params(1000, n), { calcDir });
  const runSeconds = (performance.now() - started) / 1000;
  // the append alone: 1,000 more rows into the file, as run() commits them
  const store = await Store.open(runtime, join(calcDir, "database.arrow"), { purpose: "bench" });
  const rows = new RowBuffer();
  const template = Object.fromEntries(store.table.schema.fields.map((f) => [f.name, store.table.getChild(f.name)!.get(0)]));
  for (let i = 0; i < 1000; i++) rows.push(undefined, { ...template, _pset_id: `bench-${i}`, _pset_seq: n + 1000 + i, _time_utc: new Date() }, i);
  await store.begin("bench", () => "result", []);
  const t = performance.now();
  const table = await store.commit(store.table, rows, () => "result");
  const appendSeconds = (performance.now() - t) / 1000;
  await store.close();
  return { mode, n, runSeconds, appendSeconds, rows: table.numRows, bytesBefore: size, bytesPerRow: size / (n + 1000) };
}

const result = mode === "append" ? await append() : await overhead();
console.log(JSON.stringify({ ...result, peakRssMB: process.resourceUsage().maxRSS / 1024 }));
