// Appending to database.arrow in place (src/database/ipcFile.ts): the bytes
// apache-arrow's writer gives, small pieces (message headers, padding, short
// columns) and large ones (long columns), land in the file in their order.

import { describe, expect, it } from "vitest";
import { dfExtractDicts, dfRead, run } from "./helpers/psweep.js";
import { tmpDir } from "./helpers/tmp.js";

describe("append in place", () => {
  it("keeps every cell of a batch whose columns are large and small alike", async () => {
    const calcDir = `${tmpDir()}/calc`;
    const params = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ a: from + i }));
    // a few long strings (small columns) among 20,000 rows (numbers: 160 KB columns)
    const func = (p: { a: number }) => ({ y: p.a * 0.5, s: p.a % 5000 === 0 ? "x".repeat(30_000) : "" });
    await run(func, params(0, 3), { calcDir, returnTable: "none" });
    await run(func, params(3, 20_000), { calcDir, returnTable: "none" }); // appended to the file of the first run
    const rows = dfExtractDicts<{ a: number; y: number; s: string; _pset_seq: number; _time_utc: Date }>(
      await dfRead(`${calcDir}/database.arrow`),
    );
    expect(rows.map((row) => row.a)).toEqual(params(0, 20_003).map((p) => p.a));
    expect(rows.map((row) => row.y)).toEqual(params(0, 20_003).map((p) => p.a * 0.5));
    expect(rows.map((row) => row.s)).toEqual(params(0, 20_003).map((p) => func(p).s));
    expect(rows.map((row) => row._pset_seq)).toEqual(params(0, 20_003).map((_, i) => i));
    for (const row of rows) expect(Math.abs(Date.now() - row._time_utc.getTime())).toBeLessThan(3_600_000);
  });
});
