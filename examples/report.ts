// Looking at a study: run a small sweep (one pset fails on purpose), then
// write an HTML report of it and an SVG figure. Open calc/report/report.html
// in any browser (it works offline); the same from the command line:
//   psweep report calc/report/database.arrow -o report.html
//   psweep plot calc/report/database.arrow --x n --y seconds --color method -o fig.svg

import { writeFileSync } from "node:fs";
import { logspace, pgrid, plist, plot, report, run } from "psweep";

/** A toy cost model of two sorting methods, with a bug at one size. */
function cost(pset: { n: number; method: string; data: string }) {
  if (pset.method === "insertion" && pset.n > 50_000 && pset.data === "random")
    throw new Error(`insertion sort of ${pset.n} random items timed out`);
  const quadratic =
    pset.method === "insertion" ? (pset.data === "sorted" ? pset.n : pset.n ** 2) : pset.n * Math.log2(pset.n);
  return { seconds: quadratic * 1e-9, comparisons: Math.round(quadratic) };
}

const params = pgrid(
  plist("n", logspace(2, 5, 7).map(Math.round)),
  plist("method", ["insertion", "merge"]),
  plist("data", ["random", "sorted"]),
);
const calcDir = "calc/report";
const df = await run(cost, params, { calcDir, onError: "record" });

writeFileSync(`${calcDir}/report.html`, await report(df, { title: "Sorting methods" }));
writeFileSync(`${calcDir}/seconds.svg`, await plot(df, { x: "n", y: "seconds", color: "method", facet: "data" }));
console.log(`${df.numRows} rows -> ${calcDir}/report.html and ${calcDir}/seconds.svg`);
