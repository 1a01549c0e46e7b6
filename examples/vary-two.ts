// Vary two parameters: every combination (pgrid), the last one fastest.
import { dfPrint, pgrid, plist, run } from "psweep";

function area(pset: { width: number; height: number }) {
  return { area: pset.width * pset.height };
}

const params = pgrid(plist("width", [1, 2, 3]), plist("height", [10, 20]));
const df = await run(area, params, { calcDir: "calc/vary-two" });
dfPrint(df);
