// Simulate first: see what a run would add, in calc/simulate.simulate/,
// without calling func; then run for real.
import { dfPrint, plist, run } from "psweep";

function expensive(pset: { a: number }) {
  return { result: pset.a * 100 };
}

const params = plist("a", [1, 2, 3]);
const preview = await run(expensive, params, { calcDir: "calc/simulate", simulate: true });
console.log("simulated (no results, nothing written to calc/simulate):");
dfPrint(preview, { cols: ["a", "_pset_seq", "_calc_dir"] });
const df = await run(expensive, params, { calcDir: "calc/simulate" });
console.log("for real:");
dfPrint(df, { cols: ["a", "result", "_calc_dir"] });
