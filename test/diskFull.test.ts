// A full disk while a run logs its rows: the run fails with a PsweepError
// naming the file and "disk full", leaves no lock and no open file behind,
// and once there is space again the next run (in this process or another)
// recovers every row that was logged.

import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statfsSync,
  writeFileSync,
} from "node:fs";
import { tableFromIPC } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { createPsweep } from "../src/api.js";
import { PsweepError } from "../src/errors.js";
import type { FileSystem } from "../src/runtime.js";
import { dfExtractDicts, plist, run, runtime } from "./helpers/psweep.js";
import { tmpDir } from "./helpers/tmp.js";

const disk = `${tmpDir()}/disk`;
mkdirSync(disk);
/** Why the test cannot run here, or undefined when a small tmpfs is mounted at `disk`. */
const noDisk = (() => {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", disk], { stdio: "pipe" });
    return undefined;
  } catch (error) {
    return `mounting a 1 MiB tmpfs is not allowed here (needs root): ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`;
  }
})();

afterAll(() => {
  if (noDisk === undefined) execFileSync("umount", ["-l", disk]); // -l: also when a failed test left a file open
});

/** Open files of this process inside `dir`. */
function openFilesIn(dir: string): string[] {
  return readdirSync("/proc/self/fd").flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target.startsWith(dir) ? [target] : [];
    } catch {
      return []; // closed while listing
    }
  });
}

const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe.skipIf(noDisk !== undefined)(`disk full${noDisk ? ` (skipped: ${noDisk})` : ""}`, () => {
  it("the run fails naming the log and 'disk full'; no lock, no open file; a run in this process and one in a fresh process recover every logged row", async () => {
    const calcDir = `${disk}/calc`;
    const filler = `${disk}/filler`;
    const lock = `${calcDir}/.psweep/database.arrow.lock`;
    const expected: number[] = [];
    for (const [iter, fresh] of [
      [1, false],
      [2, true],
    ] as const) {
      // leave 300 KiB: room for the plan and a few dozen rows
      const free = statfsSync(disk).bavail * statfsSync(disk).bsize;
      writeFileSync(filler, new Uint8Array(free - 300 * 1024));
      const returned: number[] = [];
      // psets of 2 ms: each row is written before the next pset starts
      const func = (p: { iter: number; i: number }) => {
        busy(2);
        returned.push(p.i);
        return { text: "x".repeat(8000) + String(p.i) };
      };
      const params = plist(
        "i",
        Array.from({ length: 200 }, (_, i) => i),
      ).map((p) => ({ iter, ...p }));
      const error = await run(func, params, { calcDir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PsweepError);
      expect((error as Error).message).toMatch(
        new RegExp(
          `${calcDir}/\\.psweep/database\\.arrow\\.wal/[0-9a-f-]+\\.jsonl: disk full \\(ENOSPC\\) while writing the run's log`,
        ),
      );
      expect((error as Error).message).toContain("the next run() on this database adds them");
      expect(returned.length, (error as Error).message).toBeGreaterThan(3);
      expect(returned.length).toBeLessThan(200);
      expect(existsSync(lock)).toBe(false);
      expect(openFilesIn(disk)).toEqual([]);
      // every pset but the one whose row met the full disk is in the log
      expected.push(...returned.slice(0, -1).map((i) => iter * 1000 + i));

      rmSync(filler);
      if (fresh) {
        const script = `import { run } from "./test/helpers/psweep.ts"; await run(() => ({}), [], { calcDir: ${JSON.stringify(calcDir)} });`;
        const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
          encoding: "utf8",
        });
        expect(child.status, child.stderr).toBe(0);
      } else {
        await run(() => ({}), [], { calcDir });
      }
      const rows = dfExtractDicts(tableFromIPC(readFileSync(`${calcDir}/database.arrow`)));
      expect(rows.map((r) => (r.iter as number) * 1000 + (r.i as number))).toEqual(expected);
      for (const row of rows) expect(row.text).toBe("x".repeat(8000) + String(row.i));
      expect(readdirSync(`${calcDir}/.psweep/database.arrow.wal`)).toEqual([]);
      expect(openFilesIn(disk)).toEqual([]);
    }
  });

  it("the disk fills while the rows go into the file: the error names the file, and the next run recovers every row", async () => {
    const calcDir = `${disk}/calc2`;
    const file = `${calcDir}/database.arrow`;
    const filler = `${disk}/filler`;
    const text = (i: number) => "y".repeat(8000) + String(i);
    await run((p: { i: number }) => ({ text: text(p.i) }), [{ i: -1 }], { calcDir });
    const before = readFileSync(file);
    // room for the log of 20 rows of 8 KB, not for the log and the file's new rows
    const free = statfsSync(disk).bavail * statfsSync(disk).bsize;
    writeFileSync(filler, new Uint8Array(free - 250 * 1024));
    const params = plist(
      "i",
      Array.from({ length: 20 }, (_, i) => i),
    );
    const error = await run((p: { i: number }) => ({ text: text(p.i) }), params, { calcDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PsweepError);
    expect((error as Error).message).toContain(`${file}: disk full (ENOSPC) while adding the run's rows to it`);
    expect(existsSync(`${calcDir}/.psweep/database.arrow.lock`)).toBe(false);
    expect(openFilesIn(disk)).toEqual([]);
    rmSync(filler);
    const df = await run(() => ({}), [], { calcDir });
    expect(readFileSync(file).subarray(0, 1000)).toEqual(before.subarray(0, 1000));
    const rows = dfExtractDicts(tableFromIPC(readFileSync(file)));
    expect(rows.map((r) => r.i)).toEqual([-1, ...params.map((p) => p.i)]);
    for (const row of rows) expect(row.text).toBe(text(row.i as number));
    expect(df.numRows).toBe(21);
    expect(existsSync(`${calcDir}/.psweep/database.arrow.journal`)).toBe(false);
  });
});

describe("a log write that fails (any machine: the file system reports ENOSPC after some writes)", () => {
  for (const waits of [false, true]) {
    it(`the run fails naming the log, every file it opened is closed, the lock released, and the logged rows recovered (${waits ? "rows written by the timer" : "rows written as they finish"})`, async () => {
      const calcDir = `${tmpDir()}/calc`;
      let open = 0;
      let logWrites = 0;
      const full: FileSystem = {
        ...runtime.fs,
        async open(path) {
          const handle = await runtime.fs.open(path);
          open++;
          return {
            ...handle,
            size: () => handle.size(),
            readAt: (length, position) => handle.readAt(length, position),
            truncate: (length) => handle.truncate(length),
            sync: () => handle.sync(),
            writeAt(data, position) {
              if (path.endsWith(".jsonl") && ++logWrites > 6)
                throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
              handle.writeAt(data, position);
            },
            close() {
              open--;
              handle.close();
            },
          };
        },
      };
      const returned: number[] = [];
      const func = async (p: { i: number }) => {
        // waits: rows finishing together wait for the timer's write, which meets the full disk
        if (!waits) busy(2);
        else if (p.i % 4 === 3) await new Promise((resolve) => setTimeout(resolve, 5));
        returned.push(p.i);
        return { y: p.i };
      };
      const error = await createPsweep({ ...runtime, fs: full })
        .run(
          func,
          plist(
            "i",
            Array.from({ length: 50 }, (_, i) => i),
          ),
          { calcDir },
        )
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PsweepError);
      expect((error as Error).message).toMatch(/\.jsonl: disk full \(ENOSPC\) while writing the run's log/);
      expect(returned.length).toBeLessThan(50);
      expect(open).toBe(0);
      expect(existsSync(`${calcDir}/.psweep/database.arrow.lock`)).toBe(false);
      const df = await run(() => ({}), [], { calcDir });
      const recovered = dfExtractDicts(df).map((r) => r.i);
      if (!waits) {
        // the first write holds the plan, each later one a row: five rows were logged
        expect(recovered).toEqual([0, 1, 2, 3, 4]);
      } else {
        expect(recovered.length).toBeGreaterThan(0);
        expect(recovered.length).toBeLessThan(returned.length);
        expect(recovered).toEqual(returned.slice(0, recovered.length));
      }
    });
  }
});
