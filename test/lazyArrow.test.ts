// Importing psweep does not load apache-arrow (about two thirds of the time
// an import took): it loads when a table is first needed (src/arrow/loadArrow.ts).
// Runs dist/ (npm run build) in a fresh Node process, whose module loader hook
// sees every module loaded.

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { dfExtractDicts } from "./helpers/psweep.js";
import { tmpDir } from "./helpers/tmp.js";

describe("apache-arrow loads on first use", () => {
  it("importing psweep loads no apache-arrow module; run() then loads it and returns a real Table", () => {
    const calcDir = `${tmpDir()}/calc`;
    const result = spawnSync(process.execPath, ["test/fixtures/lazyArrow.mjs", calcDir], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(out.psweepLoaded).toBe(true); // the hook saw psweep load: it would have seen apache-arrow
    expect(out.afterImport).toEqual([]);
    expect(out.afterRun).toBeGreaterThan(0);
    expect(out.isTable).toBe(true);
    expect(out.rows).toEqual([
      [1, 10],
      [2, 20],
      [3, 30],
    ]);
    // A synchronous function that makes Arrow objects works after the lazy load.
    expect(out.columnOfValues).toEqual([4, 5]);
    const onDisk = dfExtractDicts(tableFromIPC(readFileSync(`${calcDir}/database.arrow`)));
    expect(onDisk.map((row) => [row.a, row.b])).toEqual(out.rows);
  });

  it("a synchronous function that makes Arrow objects works right after the import (the binding loads it then)", () => {
    const code = `
      const psweep = await import("psweep");
      const { Table } = await import("apache-arrow");
      const table = psweep.grid(psweep.plist("a", [1, 2])).toArrow();
      console.log(JSON.stringify([table instanceof Table, psweep.dfExtractDicts(table)]));
    `;
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual([true, [{ a: 1 }, { a: 2 }]]);
  });
});
