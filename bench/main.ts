// npm run bench: every benchmark of psweep, each case in a fresh process,
// printed as tables of ratios against a baseline measured in the same run.
// `npm run bench -- hash startup` (or `tsx bench/main.ts hash startup`, after
// a build) runs only the sections named: grid, hash, run, append, startup,
// rungrid, pool, poolstart, distributed, report.

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

const sections = process.argv.slice(2);
const known = ["grid", "hash", "run", "append", "startup", "rungrid", "pool", "poolstart", "distributed", "report"];
for (const name of sections)
  if (!known.includes(name)) throw new Error(`unknown bench section ${name}; use some of ${known.join(", ")}`);
const want = (name: string): boolean => sections.length === 0 || sections.includes(name);

const fmt = (x: number, digits = 2): string =>
  x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

console.log(
  `# psweep benchmarks, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus()[0]?.model ?? "?"} (one core used)\n`,
);

if (want("grid")) {
  console.log("## Grid expansion + pset hashing, 5 parameters\n");
  console.log("| psets | implementation | psets/s | µs/pset | speedup vs reference | peak RSS |");
  console.log("|---:|---|---:|---:|---:|---:|");
  for (const n of [1e6, 1e7]) {
    const impls = n <= 1e6 ? ["reference", "objects", "core"] : ["reference", "core"];
    const samples = impls.map((impl) => measure("bench/gridHash.ts", impl, String(n)));
    const reference = samples[0]!;
    for (const s of samples) {
      const label = {
        reference: "TypeScript reference (node:crypto per pset)",
        objects: "pgrid objects + psetHashes (core)",
        core: "grid().digests (core)",
      }[s.impl];
      console.log(
        `| ${n.toExponential(0).replace("e+", "e")} | ${label} | ${fmt(s.n / s.seconds / 1e6)} M | ${fmt((s.seconds / s.n) * 1e6, 3)} | ` +
          `${fmt(reference.seconds / s.seconds)}x | ${fmt(s.peakRssMB, 0)} MB |`,
      );
    }
  }
}

if (want("hash")) {
  console.log("\n## Hashing one call at a time: psetHash per pset, psetHashes of 10^6 pset objects (5 parameters)\n");
  const s = measure<{
    psetHashMicros: number;
    cryptoMicros: number;
    psetHashesPerSecond: number;
    cryptoPerSecond: number;
  }>("bench/hashCalls.ts");
  console.log("| call | psweep | node:crypto SHA-1 of the same canonical bytes (serialized beforehand) | ratio |");
  console.log("|---|---:|---:|---:|");
  console.log(
    `| psetHash(pset), per pset | ${fmt(s.psetHashMicros, 3)} µs | ${fmt(s.cryptoMicros, 3)} µs | ${fmt(s.psetHashMicros / s.cryptoMicros)}x |`,
  );
  console.log(
    `| psetHashes(10^6 psets) | ${fmt(s.psetHashesPerSecond / 1e6)} M/s | ${fmt(s.cryptoPerSecond / 1e6)} M/s | ${fmt(s.psetHashesPerSecond / s.cryptoPerSecond)}x |`,
  );
}

if (want("startup")) {
  console.log("\n## Starting: import time on Node, browser bundle size\n");
  const s = measure<{
    importPsweep: { best: number; median: number };
    importArrow: { best: number; median: number };
    bundleGridHash: { minified: number; gzip: number; arrow: boolean };
    bundleAll: { minified: number; gzip: number; arrow: boolean };
  }>("bench/startup.ts");
  const kb = (bytes: number) => `${fmt(bytes / 1024, 1)} KB`;
  console.log("| figure | psweep | baseline | baseline is |");
  console.log("|---|---:|---:|---|");
  console.log(
    `| \`import("psweep")\`, fresh process, best / median of 7 | ${fmt(s.importPsweep.best, 0)} / ${fmt(s.importPsweep.median, 0)} ms | ` +
      `${fmt(s.importArrow.best, 0)} / ${fmt(s.importArrow.median, 0)} ms | \`import("apache-arrow")\` alone |`,
  );
  console.log(
    `| browser bundle of pgrid + psetHash, minified / gzip | ${kb(s.bundleGridHash.minified)} / ${kb(s.bundleGridHash.gzip)} | ` +
      `${kb(s.bundleAll.minified)} / ${kb(s.bundleAll.gzip)} | the whole runtime-agnostic API |`,
  );
  console.log(`\napache-arrow in the pgrid + psetHash bundle: ${s.bundleGridHash.arrow ? "yes" : "no"}.`);
}

if (want("run")) {
  console.log("\n## run() overhead: trivial func, serial (save: true: the database written, synced and returned)\n");
  console.log(
    'First call: run() as the first call in a fresh Node process, after `import("psweep")` (timed apart, see the startup table), ' +
      "median of 5 processes (bench/firstRun.ts). Warm: in one fresh process after a 1,000-pset warm-up, three runs with save: true, " +
      "each on a new database, then three with save: false.\n",
  );
  console.log(
    "| psets | first call, fresh process | its CPU time | save: true, warm median | save: false, warm median | cost of saving | database bytes/row | peak RSS |",
  );
  console.log("|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const n of [1e4, 1e5]) {
    const first = measure<{ runMs: { median: number }; runCpuMs: { median: number } }>(
      "bench/firstRun.ts",
      String(n),
      "5",
    );
    const s = measure<{
      n: number;
      saved: number;
      unsaved: number;
      bytesPerRow: number;
      peakRssMB: number;
    }>("bench/runOverhead.ts", "overhead", String(n));
    const us = (seconds: number) => `${fmt((seconds / s.n) * 1e6, 1)} µs`;
    console.log(
      `| ${n.toExponential(0).replace("e+", "e")} | ${us(first.runMs.median / 1000)} | ${us(first.runCpuMs.median / 1000)} | ` +
        `${us(s.saved)} | ${us(s.unsaved)} | ${fmt(s.saved / s.unsaved)}x | ${fmt(s.bytesPerRow, 0)} | ${fmt(s.peakRssMB, 0)} MB |`,
    );
  }
  console.log(
    "\nPython psweep needs about 55 µs per pset on this machine (figure from the project's issue tracker, not measured here).",
  );
}

if (want("rungrid")) {
  console.log(
    '\n## run() over grid() of N trivial psets (save: true, returnTable: "none"), against the same psets as an array\n',
  );
  console.log("| psets | array from pgrid | grid() | grid vs array | peak RSS: array | grid |");
  console.log("|---:|---:|---:|---:|---:|---:|");
  for (const n of [1e5, 1e6, 1e7]) {
    // 10^7 psets as objects do not fit this machine's memory promise: only the grid runs there
    const array = n <= 1e6 ? measure<Sample>("bench/runOverhead.ts", "grid", String(n), "array") : undefined;
    const viaGrid = measure<Sample>("bench/runOverhead.ts", "grid", String(n), "grid");
    const us = (s: Sample) => `${fmt((s.seconds / s.n) * 1e6, 2)} µs/pset`;
    console.log(
      `| ${n.toExponential(0).replace("e+", "e")} | ${array ? us(array) : "-"} | ${us(viaGrid)} | ` +
        `${array ? `${fmt(array.seconds / viaGrid.seconds)}x` : "-"} | ` +
        `${array ? `${fmt(array.peakRssMB, 0)} MB` : "-"} | ${fmt(viaGrid.peakRssMB, 0)} MB |`,
    );
  }
  console.log(
    "\nrun() goes a window of 12,288 psets at a time (plan, run, append to the file), so its memory does not grow with the number of psets.",
  );
}

if (want("append")) {
  console.log("\n## Appending 1,000 rows to a database of N rows\n");
  console.log(
    '| N rows | append (write path) | vs N = 1e4 | whole run() of 1,000 psets (default: returns every row, read when looked at) | then looking at its rows | returnTable "new" (median of 3) | file size |',
  );
  console.log("|---:|---:|---:|---:|---:|---:|---:|");
  let first: number | undefined;
  for (const n of [1e4, 1e5, 1e6]) {
    const s = measure<{
      appendSeconds: number;
      runSeconds: number;
      lookSeconds: number;
      newSeconds: number;
      bytesBefore: number;
    }>("bench/runOverhead.ts", "append", String(n));
    first ??= s.appendSeconds;
    console.log(
      `| ${n.toExponential(0).replace("e+", "e")} | ${fmt(s.appendSeconds * 1000, 1)} ms | ${fmt(s.appendSeconds / first)}x | ` +
        `${fmt(s.runSeconds * 1000, 0)} ms | ${fmt(s.lookSeconds * 1000, 0)} ms | ${fmt(s.newSeconds * 1000, 0)} ms | ${fmt(s.bytesBefore / 2 ** 20, 1)} MiB |`,
    );
  }
  console.log(
    "\nThe append rewrites only the file's tail (new batches and footer). run() reads from the old file only its footer, its batch headers " +
      "and the columns its plan needs (_run_seq, _pset_seq; _pset_hash for skipDups). The table it returns reads the whole file the first " +
      "time its rows are looked at (the next column), never if they are not.",
  );
}

const runtimes: Record<string, string[]> = {
  node: [process.execPath, "--import", "tsx"],
  bun: ["node_modules/.bin/bun"],
  deno: ["node_modules/.bin/deno", "run", "-A"],
};
interface PoolSample {
  iterations: number;
  msPerPset: number;
  serial: number;
  pooled: number;
  speedup: number;
  pooledWarm: number;
  speedupWarm: number;
  serialMicros: number | null;
  poolMicros: number | null;
  start: number;
}
function measurePool(command: string, flags: string[], args: string[]): PoolSample {
  const out = execFileSync(command, [...flags, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return JSON.parse(out.trim().split("\n").at(-1)!) as PoolSample;
}

if (want("pool")) {
  console.log("\n## Local pools: poolsize 2 against serial on this 2-core machine\n");
  console.log(
    "| runtime | func found by | CPU-bound, 40 psets × ms | serial | poolsize 2, new pool | speedup | warm pool | speedup | pool start | trivial func µs/pset: serial | pool |",
  );
  console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const [runtime, [command, ...flags]] of Object.entries(runtimes)) {
    let iterations: string[] = []; // calibrated by the first (module) run, given to the script run
    for (const mode of ["module", "script"]) {
      const s = measurePool(command!, flags, ["bench/pool.ts", mode, ...iterations]);
      iterations = [String(s.iterations)];
      console.log(
        `| ${runtime} | ${mode === "module" ? "funcModule (.mjs)" : "re-running the script"} | ${fmt(s.msPerPset, 0)} | ${fmt(s.serial)} s | ${fmt(s.pooled)} s | ` +
          `${fmt(s.speedup)}x | ${fmt(s.pooledWarm)} s | ${fmt(s.speedupWarm)}x | ${fmt(s.start * 1000, 0)} ms | ${s.serialMicros === null ? "-" : fmt(s.serialMicros, 1)} | ${s.poolMicros === null ? "-" : fmt(s.poolMicros, 1)} |`,
      );
    }
  }
  console.log(
    "\nSerial: best of 3. Poolsize 2: the first pooled run of the process, on a new pool; warm pool: the best of the next 2 runs, " +
      "which find its workers started (Deno closes its pool after each run). Pool start: a run of 2 psets on a new pool (best of 3). " +
      "Re-running the script loads psweep (not apache-arrow) in every worker; on Node under tsx each worker gets a module loader thread, which takes the script's JavaScript from the main thread's tsx.",
  );
}

if (want("poolstart")) {
  console.log(
    "\n## Pool start: poolsize 2, 24 psets × 60 ms, workers re-loading the script (serial: best of 3; pooled: the first run on a new pool, then the best of 2 on it kept warm)\n",
  );
  console.log("| runtime | script | serial | poolsize 2, new pool | speedup | warm pool | speedup |");
  console.log("|---|---|---:|---:|---:|---:|---:|");
  for (const [runtime, [command, ...flags]] of Object.entries(runtimes)) {
    const iterations = String(
      Math.round((measurePool(command!, flags, ["bench/pool.ts", "calibrate"]).iterations * 60) / 50),
    );
    const cases: Array<[string, string[], string[]]> = [
      [runtime === "node" ? ".ts under tsx" : ".ts", flags, ["bench/pool.ts", "script", iterations, "24"]],
    ];
    if (runtime === "node") cases.push([".mjs", [], ["bench/poolScript.mjs", iterations, "24"]]);
    for (const [label, options, args] of cases) {
      const s = measurePool(command!, options, args);
      console.log(
        `| ${runtime} | ${label} | ${fmt(s.serial)} s | ${fmt(s.pooled)} s | ${fmt(s.speedup)}x | ${fmt(s.pooledWarm)} s | ${fmt(s.speedupWarm)}x |`,
      );
    }
  }
}

if (want("distributed")) {
  console.log("\n## Distributed: a Redis server and 2 Node worker processes on this machine\n");
  {
    const s = measure<{
      psetsPerSecond: number;
      serial: number;
      distributed: number;
      speedup: number;
      workerCpuOverSerialCpu: number;
      machineParallelism: number;
    }>("bench/distributed.ts");
    console.log(
      "| trivial func, 20,000 psets, 2 workers (median of 3) | CPU-bound, 40 psets × ~50 ms: serial | distributed | speedup (median of 5 pairs) | workers' CPU / serial CPU | 2 spin loops at once vs one |",
    );
    console.log("|---:|---:|---:|---:|---:|---:|");
    console.log(
      `| ${fmt(s.psetsPerSecond, 0)} psets/s | ${fmt(s.serial)} s | ${fmt(s.distributed)} s | ${fmt(s.speedup)}x | ${fmt(s.workerCpuOverSerialCpu)} | ${fmt(s.machineParallelism)}x |`,
    );
  }
}

if (want("report")) {
  console.log("\n## Report page: psweep report of N rows (x: N/10 values, k: 10 values, two results)\n");
  console.log("| rows | report() | page size | first render in chromium |");
  console.log("|---:|---:|---:|---:|");
  for (const n of [1e3, 1e5]) {
    const s = measure<{ n: number; bytes: number; reportSeconds: number; renderSeconds: number | null }>(
      "bench/report.ts",
      String(n),
    );
    const render = s.renderSeconds === null ? "- (no /usr/bin/chromium)" : `${fmt(s.renderSeconds)} s`;
    console.log(
      `| ${n.toExponential(0).replace("e+", "e")} | ${fmt(s.reportSeconds)} s | ${fmt(s.bytes / 1e6, 1)} MB | ${render} |`,
    );
  }
  console.log(
    "\nFirst render: from opening the file until both default charts and the table's first page are drawn (Debian chromium, headless).",
  );
}
