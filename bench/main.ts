// npm run bench: every benchmark of psweep, each case in a fresh process,
// printed as tables of ratios against a baseline measured in the same run.

import { execFileSync } from "node:child_process";
import { cpus } from "node:os";

interface Sample {
  impl: string;
  n: number;
  seconds: number;
  peakRssMB: number;
}

/** Runs one case in a fresh process and returns the JSON line it prints last. */
function measure<T = Sample>(script: string, ...args: string[]): T {
  const out = execFileSync(process.execPath, ["--import", "tsx", script, ...args], { encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").at(-1)!) as T;
}

const fmt = (x: number, digits = 2): string => x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

console.log(`# psweep benchmarks, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus()[0]?.model ?? "?"} (one core used)\n`);

console.log("## Grid expansion + pset hashing, 5 parameters\n");
console.log("| psets | implementation | psets/s | µs/pset | speedup vs reference | peak RSS |");
console.log("|---:|---|---:|---:|---:|---:|");
for (const n of [1e6, 1e7]) {
  const impls = n <= 1e6 ? ["reference", "objects", "core"] : ["reference", "core"];
  const samples = impls.map((impl) => measure("bench/gridHash.ts", impl, String(n)));
  const reference = samples[0]!;
  for (const s of samples) {
    const label = { reference: "TypeScript reference (node:crypto per pset)", objects: "pgrid objects + psetHashes (core)", core: "grid().digests (core)" }[s.impl];
    console.log(
      `| ${n.toExponential(0).replace("e+", "e")} | ${label} | ${fmt(s.n / s.seconds / 1e6)} M | ${fmt((s.seconds / s.n) * 1e6, 3)} | ` +
        `${fmt(reference.seconds / s.seconds)}x | ${fmt(s.peakRssMB, 0)} MB |`,
    );
  }
}

console.log("\n## run() overhead: trivial func, serial (save: true: the database written, synced and returned)\n");
console.log("Each size in a fresh process after a 1,000-pset warm-up: three runs with save: true, each on a new database, then three with save: false.\n");
console.log("| psets | save: true, first run | save: true, median | save: false, median | cost of saving | database bytes/row | peak RSS |");
console.log("|---:|---:|---:|---:|---:|---:|---:|");
for (const n of [1e4, 1e5]) {
  const s = measure<{ n: number; first: number; saved: number; unsaved: number; bytesPerRow: number; peakRssMB: number }>("bench/runOverhead.ts", "overhead", String(n));
  const us = (seconds: number) => `${fmt((seconds / s.n) * 1e6, 1)} µs`;
  console.log(
    `| ${n.toExponential(0).replace("e+", "e")} | ${us(s.first)} | ${us(s.saved)} | ${us(s.unsaved)} | ${fmt(s.saved / s.unsaved)}x | ` +
      `${fmt(s.bytesPerRow, 0)} | ${fmt(s.peakRssMB, 0)} MB |`,
  );
}
console.log("\nPython psweep needs about 55 µs per pset on this machine (figure from the project's issue tracker, not measured here).");

console.log("\n## run() over grid() of N trivial psets (save: true, returnTable: \"new\"), against the same psets as an array\n");
console.log("| psets | array from pgrid | grid() | grid vs array | peak RSS: array | grid |");
console.log("|---:|---:|---:|---:|---:|---:|");
for (const n of [1e5, 1e6]) {
  const [array, viaGrid] = ["array", "grid"].map((how) => measure<Sample>("bench/runOverhead.ts", "grid", String(n), how)) as [Sample, Sample];
  const us = (s: Sample) => `${fmt((s.seconds / s.n) * 1e6, 2)} µs/pset`;
  console.log(
    `| ${n.toExponential(0).replace("e+", "e")} | ${us(array)} | ${us(viaGrid)} | ${fmt(array.seconds / viaGrid.seconds)}x | ` +
      `${fmt(array.peakRssMB, 0)} MB | ${fmt(viaGrid.peakRssMB, 0)} MB |`,
  );
}

console.log("\n## Appending 1,000 rows to a database of N rows\n");
console.log("| N rows | append (write path) | vs N = 1e4 | whole run() of 1,000 psets, returnTable \"all\" (default) | returnTable \"new\" (median of 3) | all vs new | file size |");
console.log("|---:|---:|---:|---:|---:|---:|---:|");
let first: number | undefined;
for (const n of [1e4, 1e5, 1e6]) {
  const s = measure<{ appendSeconds: number; runSeconds: number; newSeconds: number; bytesBefore: number }>("bench/runOverhead.ts", "append", String(n));
  first ??= s.appendSeconds;
  console.log(
    `| ${n.toExponential(0).replace("e+", "e")} | ${fmt(s.appendSeconds * 1000, 1)} ms | ${fmt(s.appendSeconds / first)}x | ` +
      `${fmt(s.runSeconds * 1000, 0)} ms | ${fmt(s.newSeconds * 1000, 0)} ms | ${fmt(s.runSeconds / s.newSeconds)}x | ${fmt(s.bytesBefore / 2 ** 20, 1)} MiB |`,
  );
}
console.log(
  "\nThe append rewrites only the file's tail (new batches and footer). run() reads from the old file only its footer and the columns its plan " +
    "needs (_run_seq, _pset_seq; _pset_hash for skipDups); returning every row (the default) reads the whole file once more.",
);

console.log("\n## Local pools: poolsize 2 against serial on this 2-core machine (best of 3 each)\n");
const runtimes: Record<string, string[]> = {
  node: [process.execPath, "--import", "tsx"],
  bun: ["node_modules/.bin/bun"],
  deno: ["node_modules/.bin/deno", "run", "-A"],
};
interface PoolSample {
  iterations: number; msPerPset: number; serial: number; pooled: number; speedup: number; serialMicros: number | null; poolMicros: number | null; start: number;
}
console.log("| runtime | func found by | CPU-bound, 40 psets × ms | serial | poolsize 2 | speedup | pool start | trivial func µs/pset: serial | pool |");
console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|");
for (const [runtime, [command, ...flags]] of Object.entries(runtimes)) {
  let iterations: string[] = []; // calibrated by the first (module) run, given to the script run
  for (const mode of ["module", "script"]) {
    const out = execFileSync(command!, [...flags, "bench/pool.ts", mode, ...iterations], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    const s = JSON.parse(out.trim().split("\n").at(-1)!) as PoolSample;
    iterations = [String(s.iterations)];
    console.log(
      `| ${runtime} | ${mode === "module" ? "funcModule (.mjs)" : "re-running the script"} | ${fmt(s.msPerPset, 0)} | ${fmt(s.serial)} s | ${fmt(s.pooled)} s | ` +
        `${fmt(s.speedup)}x | ${fmt(s.start * 1000, 0)} ms | ${s.serialMicros === null ? "-" : fmt(s.serialMicros, 1)} | ${s.poolMicros === null ? "-" : fmt(s.poolMicros, 1)} |`,
    );
  }
}
console.log("\nPool start: a run of 2 psets on a new pool. Re-running the script loads psweep and apache-arrow in every worker, and on Node under tsx registers tsx there too.");

console.log("\n## Distributed: a Redis server and 2 Node worker processes on this machine\n");
{
  const s = measure<{ psetsPerSecond: number; serial: number; distributed: number; speedup: number; workerCpuOverSerialCpu: number; machineParallelism: number }>(
    "bench/distributed.ts",
  );
  console.log("| trivial func, 20,000 psets, 2 workers (median of 3) | CPU-bound, 40 psets × ~50 ms: serial | distributed | speedup (median of 5 pairs) | workers' CPU / serial CPU | 2 spin loops at once vs one |");
  console.log("|---:|---:|---:|---:|---:|---:|");
  console.log(
    `| ${fmt(s.psetsPerSecond, 0)} psets/s | ${fmt(s.serial)} s | ${fmt(s.distributed)} s | ${fmt(s.speedup)}x | ${fmt(s.workerCpuOverSerialCpu)} | ${fmt(s.machineParallelism)}x |`,
  );
}

console.log("\n## Report page: psweep report of N rows (x: N/10 values, k: 10 values, two results)\n");
console.log("| rows | report() | page size | first render in chromium |");
console.log("|---:|---:|---:|---:|");
for (const n of [1e3, 1e5]) {
  const s = measure<{ n: number; bytes: number; reportSeconds: number; renderSeconds: number | null }>("bench/report.ts", String(n));
  const render = s.renderSeconds === null ? "- (no /usr/bin/chromium)" : `${fmt(s.renderSeconds)} s`;
  console.log(`| ${n.toExponential(0).replace("e+", "e")} | ${fmt(s.reportSeconds)} s | ${fmt(s.bytes / 1e6, 1)} MB | ${render} |`);
}
console.log("\nFirst render: from opening the file until both default charts and the table's first page are drawn (Debian chromium, headless).");
