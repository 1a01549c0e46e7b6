// Benchmark a shell command per pset and record how long it took.
import { dfPrint, plist, run, system } from "psweep";

async function bench(pset: { size: number }) {
  const started = performance.now();
  const output = await system(`head -c ${pset.size} /dev/zero | wc -c`);
  return { bytes: Number(output.trim()), seconds: (performance.now() - started) / 1000 };
}

const df = await run(bench, plist("size", [1e3, 1e5, 1e7]), { calcDir: "calc/shell-benchmark" });
dfPrint(df, { cols: ["size", "bytes"] });
