// Vary one parameter.  npx tsx examples/vary-one.ts  (or: bun ..., deno run -A ...)
// Writes calc/vary-one/database.arrow in the current directory.
import { dfPrint, plist, run } from "psweep";

function square(pset: { a: number }) {
  return { result: pset.a ** 2 };
}

const df = await run(square, plist("a", [1, 2, 3, 4]), { calcDir: "calc/vary-one" });
dfPrint(df);
