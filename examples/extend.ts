// Extend a study: a second run with a bigger grid runs only the new psets (skipDups).
import { dfPrint, pgrid, plist, run } from "psweep";

function product(pset: { a: number; b: number }) {
  return { product: pset.a * pset.b };
}

await run(product, pgrid(plist("a", [1, 2]), plist("b", [10])), { calcDir: "calc/extend" });
const df = await run(product, pgrid(plist("a", [1, 2, 3]), plist("b", [10, 20])), {
  calcDir: "calc/extend",
  skipDups: true,
});
dfPrint(df, { cols: ["a", "b", "product", "_run_seq"] });
