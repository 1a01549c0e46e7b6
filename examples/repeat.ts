// Repeat the same params: two run ids, the same hashes, new pset ids.
import { dfExtractDicts, plist, run } from "psweep";

function noisy(pset: { a: number }) {
  return { value: pset.a + Math.random() };
}

const params = plist("a", [1, 2]);
await run(noisy, params, { calcDir: "calc/repeat" });
const df = await run(noisy, params, { calcDir: "calc/repeat" });
for (const row of dfExtractDicts(df)) {
  console.log(
    `a=${row.a} run=${String(row._run_id).slice(0, 8)} hash=${String(row._pset_hash).slice(0, 8)} value=${(row.value as number).toFixed(3)}`,
  );
}
