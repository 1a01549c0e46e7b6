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

function measure(script: string, ...args: string[]): Sample {
  const out = execFileSync(process.execPath, ["--import", "tsx", script, ...args], { encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").at(-1)!) as Sample;
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
