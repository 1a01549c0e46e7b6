// A tree of dependent studies: the best result of one study sets the
// parameters of the next, each in its own database.
import { dfExtractDicts, dfPrint, pgrid, plist, run } from "psweep";

function f(pset: { x: number; y: number }) {
  return { value: (pset.x - 1.3) ** 2 + (pset.y + 0.4) ** 2 };
}

let center = { x: 0, y: 0 };
let width = 2;
for (const level of [0, 1, 2]) {
  const xs = [-1, 0, 1].map((i) => center.x + i * width);
  const ys = [-1, 0, 1].map((i) => center.y + i * width);
  const df = await run(f, pgrid(plist("x", xs), plist("y", ys)), { calcDir: `calc/dependent-studies/level-${level}` });
  const best = dfExtractDicts(df).reduce((a, b) => ((a.value as number) <= (b.value as number) ? a : b));
  console.log(`level ${level}: best x=${best.x} y=${best.y} value=${(best.value as number).toFixed(4)}`);
  center = { x: best.x as number, y: best.y as number };
  width /= 3;
  if (level === 2) dfPrint(df, { cols: ["x", "y", "value"] });
}
