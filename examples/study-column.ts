// A constant `study` column labels scans that share one database.
import { dfFilterConds, dfPrint, pgrid, plist, run } from "psweep";

function model(pset: { study: string; x: number; scale: number }) {
  return { y: pset.scale * pset.x ** 2 };
}

const calcDir = "calc/study-column";
await run(model, pgrid(plist("study", ["coarse"]), plist("x", [0, 5, 10]), plist("scale", [1])), { calcDir });
const df = await run(model, pgrid(plist("study", ["fine"]), plist("x", [4, 5, 6]), plist("scale", [1, 2])), {
  calcDir,
});
const study = df.getChild("study")!.toArray() as string[];
dfPrint(dfFilterConds(df, [study.map((s) => s === "fine")]));
