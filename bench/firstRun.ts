// The first run() in a fresh process, as a script that runs one study pays it:
//   tsx bench/firstRun.ts <psets> [repeats]
// Each repeat is a new plain Node process (no tsx: its loader hooks would
// slow down loading the modules psweep loads lazily, apache-arrow's) that
// imports psweep (timed apart: bench/startup.ts measures that), makes <psets>
// trivial psets with pgrid, then times its first run() of them (save: true,
// default options: the table is returned). Wall-clock and CPU time (user +
// system, all threads) of that run(). Prints one JSON line: the median and
// best of the repeats. Needs dist/ (npm run build).

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const n = Number(process.argv[2] ?? 1e4);
const repeats = Number(process.argv[3] ?? 5);

const code = `
const [n, calcDir] = [Number(process.argv[1]), process.argv[2]];
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let t = performance.now();
const { run, pgrid, plist } = await import("psweep");
const importMs = performance.now() - t;
const params = pgrid(plist("a", Array.from({ length: n / 10 }, (_, i) => i)), plist("b", [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
const c = cpu();
t = performance.now();
await run((p) => ({ y: p.a + p.b }), params, { calcDir });
console.log(JSON.stringify({ importMs, runMs: performance.now() - t, runCpuMs: cpu() - c }));
`;

interface Sample {
  importMs: number;
  runMs: number;
  runCpuMs: number;
}

const samples: Sample[] = [];
for (let r = 0; r < repeats; r++) {
  const dir = mkdtempSync(join(tmpdir(), "psweep-bench-first-"));
  try {
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", code, String(n), join(dir, "calc")], {
      encoding: "utf8",
    });
    samples.push(JSON.parse(out.trim().split("\n").at(-1)!) as Sample);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const stats = (key: keyof Sample) => {
  const sorted = samples.map((s) => s[key]).sort((a, b) => a - b);
  return { best: sorted[0]!, median: sorted[Math.floor(sorted.length / 2)]! };
};
console.log(
  JSON.stringify({ n, repeats, importMs: stats("importMs"), runMs: stats("runMs"), runCpuMs: stats("runCpuMs") }),
);
