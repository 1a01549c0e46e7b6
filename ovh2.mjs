import { run, pgrid, plist } from "psweep";
import { mkdtempSync } from "node:fs";
const n = 1e5;
const params = pgrid(plist("a", Array.from({length: n/10}, (_, i) => i)), plist("b", [0,1,2,3,4,5,6,7,8,9]));
const dir = mkdtempSync("/tmp/ovh-");
await run((p) => ({ y: p.a }), params.slice(0, 1000), { calcDir: `${dir}/warm` });
for (const save of [false, true, false, true]) {
  const t = performance.now();
  await run((p) => ({ y: p.a + p.b }), params, { calcDir: `${dir}/calc${save}`, save });
  console.log("save", save, ((performance.now() - t) * 1000 / n).toFixed(2), "µs/pset");
}
