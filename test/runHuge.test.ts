// run() over a grid() of 10^7 psets in bounded memory: each size in a child
// process that reports its own peak RSS. A bound, not a time.

import { execFileSync } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readColumns } from "../src/database/columnRead.js";
import { runtime } from "./helpers/psweep.js";
import { tmpDir } from "./helpers/tmp.js";

interface Sweep {
  rows: number;
  seconds: number;
  peakRssMB: number;
  calls: number;
}

function huge(calcDir: string, count: number, mode?: "skipDups"): Sweep {
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", "test/fixtures/huge.ts", calcDir, String(count), ...(mode ? [mode] : [])],
    { encoding: "utf8" },
  );
  return JSON.parse(out.trim().split("\n").at(-1)!) as Sweep;
}

/**
 * Runs the sweep of `count` psets, then the same grid with skipDups; returns
 * what each reports and the rows in the database after both.
 */
async function sweep(count: number): Promise<Sweep & { again: Sweep; rowsOnDisk: number }> {
  const dir = tmpDir();
  try {
    const reported = huge(`${dir}/calc`, count);
    const again = huge(`${dir}/calc`, count, "skipDups");
    // The rows counted from the file's footer and batch headers: no column is read.
    const handle = await runtime.fs.open(`${dir}/calc/database.arrow`);
    let rowsOnDisk: number;
    try {
      rowsOnDisk = readColumns(handle, [])!.numRows;
    } finally {
      handle.close();
    }
    expect(readdirSync(`${dir}/calc/.psweep/database.arrow.wal`)).toEqual([]);
    return { ...reported, again, rowsOnDisk };
  } finally {
    rmSync(dir, { recursive: true, force: true }); // 10^7 rows are 2 GB
  }
}

describe("a huge sweep", () => {
  it("10^6 and 10^7 psets of a grid() go to disk with peak RSS under 600 MB, flat from 10^6 to 10^7; skipDups too", async () => {
    const small = await sweep(1e6);
    const huge = await sweep(1e7);
    console.log(
      `run() over grid(): 10^6 psets ${small.seconds.toFixed(1)} s, peak RSS ${small.peakRssMB.toFixed(0)} MB; ` +
        `10^7 psets ${huge.seconds.toFixed(1)} s, peak RSS ${huge.peakRssMB.toFixed(0)} MB; ` +
        `again with skipDups: ${small.again.peakRssMB.toFixed(0)} and ${huge.again.peakRssMB.toFixed(0)} MB`,
    );
    expect([small.calls, small.again.calls, huge.calls, huge.again.calls]).toEqual([1e6, 0, 1e7, 0]);
    // The default table of every row, counted from the file, not read: it would not fit in the bound.
    expect([small.rows, small.again.rows, huge.rows, huge.again.rows]).toEqual([1e6, 1e6, 1e7, 1e7]);
    expect(small.rowsOnDisk).toBe(1e6);
    expect(huge.rowsOnDisk).toBe(1e7);
    expect(small.peakRssMB).toBeLessThanOrEqual(600);
    expect(huge.peakRssMB).toBeLessThanOrEqual(600);
    expect(huge.peakRssMB / small.peakRssMB).toBeLessThanOrEqual(1.3);
    // The known hashes are kept as 20-byte digests, read a batch at a time: a Set of 10^7 strings took over a GB.
    expect(small.again.peakRssMB).toBeLessThanOrEqual(600);
    expect(huge.again.peakRssMB).toBeLessThanOrEqual(600);
  }, 900_000);
});
