// One measurement of run() overhead, in its own process:
//   tsx bench/runOverhead.ts overhead <psets>     run() of a trivial func, warm (after a 1,000-pset run): three
//                                                 times with save: true (fresh databases), then three times with
//                                                 save: false (the first call in a process: bench/firstRun.ts)
//   tsx bench/runOverhead.ts append <rows>        append 1,000 rows to a database of <rows>
//   tsx bench/runOverhead.ts grid <psets> <how>   run() of a trivial func over grid() ("grid") or over
//                                                 the same psets as an array from pgrid ("array"), save: true,
//                                                 returnTable: "none"
// Prints one JSON line.

import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Table } from "apache-arrow";
import { grid, pgrid, plist, run, runtime } from "psweep";
import { Store } from "../src/database/store.js";
import { RowBuffer } from "../src/database/rowBuffer.js";
import { readColumns } from "../src/database/columnRead.js";
// The parts above come from the sources, not the build "psweep" resolves to:
// they get apache-arrow by import() here, as the build does, instead of
// through the synchronous loader (which tsx makes transform every module of
// apache-arrow again, ~1 s).
import { loadArrow } from "../src/arrow/loadArrow.js";

const [mode = "overhead", count = "1e4"] = process.argv.slice(2);
await loadArrow(); // every timed run() comes after a warm-up run, which loads it anyway
const n = Number(count);
const dir = mkdtempSync(join(tmpdir(), "psweep-bench-"));
const trivial = (p: { a: number; b: number }) => ({ y: p.a + p.b });
const params = (total: number, offset = 0) =>
  pgrid(
    plist(
      "a",
      Array.from({ length: total / 10 }, (_, i) => i + offset),
    ),
    plist("b", [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
  );

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
  return {
    mode,
    n,
    saved: median(saved),
    unsaved: median(unsaved),
    bytesPerRow: statSync(join(dir, "calc0", "database.arrow")).size / n,
  };
}

async function append(): Promise<object> {
  const calcDir = join(dir, "calc");
  await run(trivial, params(n), { calcDir });
  await run(trivial, params(1000, n), { calcDir: join(dir, "warm") });
  const size = statSync(join(calcDir, "database.arrow")).size;
  // the whole run(): lock, read what the plan needs, run, log, append, return the table
  const whole = async (offset: number, returnTable: "all" | "new"): Promise<{ seconds: number; table: Table }> => {
    const started = performance.now();
    const table = await run(trivial, params(1000, offset), { calcDir, returnTable });
    return { seconds: (performance.now() - started) / 1000, table };
  };
  // returning every row (the default) reads the file when the rows are first looked at; returning the new ones never
  const { seconds: runSeconds, table: all } = await whole(n, "all");
  const looked = performance.now();
  all.getChild("y");
  const lookSeconds = (performance.now() - looked) / 1000;
  const newSeconds = [await whole(n + 1000, "new"), await whole(n + 2000, "new"), await whole(n + 3000, "new")]
    .map((r) => r.seconds)
    .sort((a, b) => a - b)[1]!;
  // the append alone: 1,000 more rows into the file, as run() commits them
  const store = await Store.open(runtime, join(calcDir, "database.arrow"), { purpose: "bench" });
  const rows = new RowBuffer();
  const old = await store.table();
  const template = Object.fromEntries(old.schema.fields.map((f) => [f.name, old.getChild(f.name)!.get(0)]));
  for (let i = 0; i < 1000; i++)
    rows.push(undefined, { ...template, _pset_id: `bench-${i}`, _pset_seq: n + 1000 + i, _time_utc: new Date() }, i);
  await store.begin("bench", () => "result", []);
  const t = performance.now();
  await store.commit(old, rows, () => "result");
  const appendSeconds = (performance.now() - t) / 1000;
  await store.close();
  return {
    mode,
    n,
    runSeconds,
    lookSeconds,
    newSeconds,
    appendSeconds,
    rows: old.numRows + rows.length,
    bytesBefore: size,
    bytesPerRow: size / (n + 1000),
  };
}

async function overGrid(): Promise<object> {
  const how = process.argv[4] ?? "grid";
  const axes = () =>
    [
      plist(
        "a",
        Array.from({ length: n / 100 }, (_, i) => i),
      ),
      plist(
        "b",
        Array.from({ length: 100 }, (_, i) => i),
      ),
    ] as const;
  await run(trivial, grid(plist("a", [1, 2, 3]), plist("b", [1, 2])), {
    calcDir: join(dir, "warm"),
    returnTable: "none",
  });
  const started = performance.now();
  // the array's psets are made in the timed part: that is what a grid saves
  await run(trivial, how === "grid" ? grid(...axes()) : pgrid(...axes()), {
    calcDir: join(dir, "calc"),
    returnTable: "none",
  });
  const seconds = (performance.now() - started) / 1000;
  const file = join(dir, "calc", "database.arrow");
  const handle = await runtime.fs.open(file);
  const rows = readColumns(handle, [])!.numRows; // from the batch headers: no column is read
  handle.close();
  if (rows !== n) throw new Error(`expected ${n} rows, got ${rows}`);
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  rmSync(join(dir, "calc"), { recursive: true }); // 10^7 rows are 2 GB
  return { mode, impl: how, n, seconds, peakRssMB };
}

const result = mode === "append" ? await append() : mode === "grid" ? await overGrid() : await overhead();
console.log(JSON.stringify({ peakRssMB: process.resourceUsage().maxRSS / 1024, ...result }));
