// Failing psets: record them and keep going, then run only the failed ones again.
import { dfExtractParams, dfPrint, plist, run } from "psweep";

let fixed = false;
function fragile(pset: { a: number }) {
  if (pset.a % 3 === 0 && !fixed) throw new Error(`a=${pset.a} is a multiple of 3`);
  return { inverse: 1 / pset.a };
}

const calcDir = "calc/failing";
const first = await run(fragile, plist("a", [1, 2, 3, 4, 5, 6]), { calcDir, onError: "record" });
dfPrint(first, { cols: ["a", "inverse", "_failed"] });
fixed = true; // say we fixed the bug
const failed = dfExtractParams(first, { failed: true }) as { a: number }[];
console.log(`running again: ${failed.map((p) => p.a).join(", ")}`);
const df = await run(fragile, failed, { calcDir, onError: "record" });
dfPrint(df, { cols: ["a", "inverse", "_failed", "_run_seq"] });
