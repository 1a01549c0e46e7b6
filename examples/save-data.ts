// Save data per pset in its own folder, calc/save-data/<_pset_id>/, next to
// the database; eval-data.ts reads the folders back afterwards.
import { dfPrint, fileWrite, linspace, plist, run } from "psweep";

async function spectrum(pset: { freq: number; _pset_id: string; _calc_dir: string }) {
  const t = linspace(0, 1, 201);
  const signal = t.map((x) => Math.sin(2 * Math.PI * pset.freq * x));
  await fileWrite(`${pset._calc_dir}/${pset._pset_id}/signal.json`, JSON.stringify(signal));
  return { samples: signal.length };
}

const df = await run(spectrum, plist("freq", [1, 2, 5]), { calcDir: "calc/save-data" });
dfPrint(df, { cols: ["freq", "samples", "_pset_id"] });
