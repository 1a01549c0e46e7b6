// Run on all cores: poolsize. Each worker loads this script to find `work`
// (as Python's multiprocessing does), so code before run() runs there too.
import { dfPrint, plist, run } from "psweep";

function work(pset: { n: number }) {
  let sum = 0;
  for (let i = 1; i <= pset.n; i++) sum += Math.sqrt(i);
  return { sum };
}

const params = plist("n", [1e6, 2e6, 3e6, 4e6, 5e6, 6e6]);
const df = await run(work, params, { calcDir: "calc/parallel", poolsize: 2 });
dfPrint(df);
