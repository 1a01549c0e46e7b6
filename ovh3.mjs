import { run, pgrid, plist } from "psweep";
const n = 1e5;
const params = pgrid(plist("a", Array.from({length: n/10}, (_, i) => i)), plist("b", [0,1,2,3,4,5,6,7,8,9]));
for (let r = 0; r < 3; r++) {
  const t = performance.now();
  await run((p) => ({ y: p.a + p.b }), params, { save: false });
  console.log(((performance.now() - t) * 1000 / n).toFixed(2), "µs/pset");
}
