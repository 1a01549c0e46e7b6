// Each record batch psweep writes notes its largest sequence numbers in its
// own metadata (src/database/seqMax.ts), so that run() on a big database
// reads batch headers, not columns. The note is made from the batch's values
// at each write, and a batch without a readable note has its columns read.

import { readFileSync, writeFileSync } from "node:fs";
import { RecordBatch, Table, tableFromIPC, tableToIPC, vectorFromArray } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { dfExtractDicts, dfRead, dfWrite, grid, plist, run } from "./helpers/psweep.js";
import { tmpDir } from "./helpers/tmp.js";

const KEY = "psweep:seq_max";
const func = (p: { a: number; b: number }) => ({ y: p.a * 10 + p.b });
const psets = (from: number, to: number) =>
  grid(
    plist(
      "a",
      Array.from({ length: to - from }, (_, i) => from + i),
    ),
    plist("b", [0, 1, 2, 3]),
  );

/** Each batch of the file: its note, and the note its values make. */
function notes(file: string): { noted: string | undefined; values: string }[] {
  return tableFromIPC(readFileSync(file)).batches.map((batch) => {
    const max = (name: string) =>
      Math.max(
        -1,
        ...batch
          .getChild(name)!
          .toArray()
          .map((value: bigint | number | null) => Number(value ?? -1)),
      );
    return { noted: batch.metadata.get(KEY), values: JSON.stringify([max("_run_seq"), max("_pset_seq")]) };
  });
}

/** The _run_seq and _pset_seq run() gives the next pset it runs on `calcDir`. */
async function nextSeqs(calcDir: string, a: number): Promise<[unknown, unknown]> {
  const [row] = dfExtractDicts(await run(func, [{ a, b: 0 }], { calcDir, returnTable: "new" }));
  return [row!._run_seq, row!._pset_seq];
}

describe("the largest sequence numbers of each batch, in its metadata", () => {
  it("are noted on every batch psweep writes: a new file, an append in place, a rewrite with a new column", async () => {
    const calcDir = `${tmpDir()}/calc`;
    const file = `${calcDir}/database.arrow`;
    await run(func, psets(0, 5000), { calcDir }); // 20,000 rows: two windows, two batches
    expect(notes(file).map((n) => n.noted)).toEqual(["[0,12287]", "[0,19999]"]);
    await run(func, psets(5000, 5010), { calcDir }); // appended in place
    expect(notes(file).map((n) => n.noted)).toEqual(["[0,12287]", "[0,19999]", "[1,20039]"]);
    await run((p: { a: number; b: number }) => ({ y: p.a, z: "new" }), psets(6000, 6001), { calcDir }); // rewritten
    const rewritten = notes(file);
    expect(rewritten).toHaveLength(4);
    for (const { noted, values } of rewritten) expect(noted).toBe(values);
  });

  it("are made anew by dfWrite from the values, never copied from the batch read", async () => {
    const calcDir = `${tmpDir()}/calc`;
    const file = `${calcDir}/database.arrow`;
    await run(func, psets(0, 3), { calcDir }); // _pset_seq 0..11
    // setChild keeps the batch's metadata, so the note read says 11 while the values go to 111
    const read = await dfRead(file);
    const shifted = new Table(
      read.batches.map((batch) => {
        const seqs = Int32Array.from(batch.getChild("_pset_seq")!.toArray() as Int32Array, (v) => v + 100);
        return batch.setChild("_pset_seq", vectorFromArray(seqs));
      }),
    );
    expect(shifted.batches[0]!.metadata.get(KEY)).toBe("[0,11]");
    await dfWrite(file, shifted);
    expect(notes(file).map((n) => n.noted)).toEqual(["[0,111]"]);
    expect(await nextSeqs(calcDir, 99)).toEqual([1, 112]);
  });

  it("are read from the columns for a batch whose note is missing or does not read as two integers", async () => {
    for (const note of [undefined, "[5]", "oops", "[0.5,3]", "[-2,3]", '["0","3"]']) {
      const calcDir = `${tmpDir()}/calc`;
      const file = `${calcDir}/database.arrow`;
      await run(func, psets(0, 3), { calcDir }); // _pset_seq 0..11
      // as another tool would write it, the note replaced (or left out)
      const table = tableFromIPC(readFileSync(file));
      const batches = table.batches.map(
        (batch) => new RecordBatch(batch.schema, batch.data, new Map(note === undefined ? [] : [[KEY, note]])),
      );
      writeFileSync(file, tableToIPC(new Table(batches), "file"));
      expect(notes(file)[0]!.noted).toBe(note);
      expect(await nextSeqs(calcDir, 99), `note ${note}`).toEqual([1, 12]);
    }
  });
});
