// Post-processing: read each pset's folder written by save-data.ts and write
// an evaluation database (one row per pset, its parameters kept).
import { dfExtractParams, dfExtractRow, dfPrint, dfRead, fileRead, run } from "psweep";

const db = await dfRead("calc/save-data/database.arrow");
const ids = db.getChild("_pset_id")!.toArray() as string[];
// the parameters of each source pset, plus which pset it was
const params = dfExtractParams(db).map((pset, i) => ({ ...pset, source_id: ids[i]! }));

async function evaluate(pset: { source_id: string }) {
  const row = dfExtractRow(db, pset.source_id);
  const signal = JSON.parse(await fileRead(`${String(row._calc_dir)}/${pset.source_id}/signal.json`)) as number[];
  const rms = Math.sqrt(signal.reduce((s, x) => s + x * x, 0) / signal.length);
  const crossings = signal.slice(1).filter((x, i) => Math.sign(x) !== Math.sign(signal[i]!)).length;
  return { rms, crossings };
}

const df = await run(evaluate, params, { calcDir: "calc/eval-data" });
dfPrint(df, { cols: ["freq", "rms", "crossings"] });
