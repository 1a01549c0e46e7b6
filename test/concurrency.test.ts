// Two runs on one database at the same time: the second waits for the
// first, and no row is lost.

import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { dfExtractDicts, pgrid, plist, run } from "./helpers/psweep.js";
import { tmpDir } from "./helpers/tmp.js";

function sweep(calcDir: string, iter: number, count: number, markers: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [
      "--import",
      "tsx",
      "test/fixtures/sweep.ts",
      calcDir,
      String(iter),
      String(count),
      markers,
      "1",
    ]);
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`sweep ${iter} exited ${code}: ${output}`)),
    );
  });
}

describe("concurrent runs on one calcDir", () => {
  it("two processes: both finish, every row of both is in the database once", async () => {
    const dir = tmpDir();
    const calcDir = `${dir}/calc`;
    await Promise.all([sweep(calcDir, 1, 200, `${dir}/m1`), sweep(calcDir, 2, 200, `${dir}/m2`)]);
    const rows = dfExtractDicts(tableFromIPC(readFileSync(`${calcDir}/database.arrow`)));
    expect(rows).toHaveLength(400);
    expect(rows.filter((r) => r.iter === 1).map((r) => r.i)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(rows.filter((r) => r.iter === 2).map((r) => r.i)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    // one run after the other: sequence numbers do not interleave
    expect(new Set(rows.map((r) => r._run_seq))).toEqual(new Set([0, 1]));
    expect(rows.map((r) => r._pset_seq)).toEqual(Array.from({ length: 400 }, (_, i) => i));
  });

  it("two runs in one process: the second waits, and gives up with a clear message after lockTimeout", async () => {
    const calcDir = `${tmpDir()}/calc`;
    const slow = async (p: { a: number }) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return { y: p.a };
    };
    const [first, second] = await Promise.all([
      run(slow, plist("a", [1, 2, 3]), { calcDir }),
      run(slow, plist("a", [4, 5]), { calcDir }),
    ]);
    // whichever took the lock first returns its own rows; the other waited, and returns all five
    expect([
      [3, 5],
      [5, 2],
    ]).toContainEqual([first.numRows, second.numRows]);
    expect(
      dfExtractDicts(tableFromIPC(readFileSync(`${calcDir}/database.arrow`)))
        .map((r) => r.a)
        .sort(),
    ).toEqual([1, 2, 3, 4, 5]);

    const holding = run(slow, pgrid(plist("a", [1, 2, 3, 4, 5])), { calcDir });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(run(slow, [{ a: 9 }], { calcDir, lockTimeout: 50 })).rejects.toThrow(
      /database\.arrow\.lock is locked by run [0-9a-f-]{36} \(pid \d+ on .+, since .+\); waited 50 ms/,
    );
    await holding;
  });
});
