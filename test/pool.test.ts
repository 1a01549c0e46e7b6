// poolsize: func runs in worker threads, started as users start scripts:
// with node (through tsx), bun and deno.

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { dfExtractDicts } from "./helpers/psweep.js";
import { tmpDir } from "./helpers/tmp.js";

const runtimes: Record<string, string[]> = {
  node: [process.execPath, "--import", "tsx"],
  bun: ["node_modules/.bin/bun"],
  deno: ["node_modules/.bin/deno", "run", "-A"],
};

function script(runtime: string, file: string, ...args: string[]) {
  const [command, ...flags] = runtimes[runtime]!;
  const result = spawnSync(command!, [...flags, file, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 60_000,
  });
  return { ...result, out: result.stdout + result.stderr };
}

const rowsOf = (calcDir: string) => dfExtractDicts(tableFromIPC(readFileSync(`${calcDir}/database.arrow`)));

describe.each(Object.keys(runtimes))("poolsize: 2 on %s", (runtime) => {
  it("runs a script's own func in two workers; rows come back in input order whatever order they finish in", () => {
    const calcDir = `${tmpDir()}/calc`;
    const { out, status } = script(runtime, "test/fixtures/pool/script.ts", calcDir, "order");
    expect(out).toMatch(/^rows 12\nmain [0-9a-f-]{36}\n$/);
    const main = out.split("\n")[1]!.slice(5);
    expect(status).toBe(0);
    const rows = rowsOf(calcDir);
    expect(rows.map((r) => r.a)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(rows.map((r) => r.square)).toEqual(rows.map((r) => (r.a as number) ** 2));
    expect(rows.map((r) => r._pset_seq)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    // two workers, and none of it ran in the main thread
    expect(new Set(rows.map((r) => r.thread)).size).toBe(2);
    expect(rows.every((r) => r.thread !== main)).toBe(true);
  });

  it("psets go to whichever worker is ready: a worker that never finishes starting holds up none, nor the end of the run", () => {
    const calcDir = `${tmpDir()}/calc`;
    const { out, status } = script(runtime, "test/fixtures/pool/slowStart.ts", calcDir);
    expect(out).toBe("rows 6\n");
    expect(status).toBe(0);
    const rows = rowsOf(calcDir);
    expect(rows.map((r) => [r.a, r.a2])).toEqual([1, 2, 3, 4, 5, 6].map((a) => [a, a * 2]));
    expect(new Set(rows.map((r) => r.thread)).size).toBe(1);
  });

  it("isWorker() is false in the script and true in workers, so setup guarded by it runs once", () => {
    const calcDir = `${tmpDir()}/calc`;
    const { out, status } = script(runtime, "test/fixtures/pool/setup.ts", calcDir);
    expect(status).toBe(0);
    expect(out).toBe("main isWorker=false\n");
    expect(readFileSync(`${calcDir}.setup`, "utf8")).toBe("setup\n");
    expect(rowsOf(calcDir).map((r) => [r.a, r.inWorker])).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [4, true],
    ]);
  });

  it("a func that throws ends the run naming the pset, with the original stack; finished psets are saved", () => {
    const calcDir = `${tmpDir()}/calc`;
    const { out } = script(runtime, "test/fixtures/pool/script.ts", calcDir, "fail");
    expect(out).toMatch(
      /^error func failed on params\[3\] \{"a":3\} \(_pset_id [0-9a-f-]{36}\): a=3 is out of range\./,
    );
    expect(out).toMatch(/\ncause RangeError: a=3 is out of range\n\s+at work \(.*script\.ts:\d+:\d+\)/);
    const done = rowsOf(calcDir).map((r) => r.a);
    expect(done).not.toContain(3);
    expect(done).toEqual([...done].sort((x, y) => (x as number) - (y as number)));
    expect(done.length).toBeGreaterThanOrEqual(2);
  });

  it("a func that calls process.exit ends the run naming the pset, and does not hang", () => {
    const calcDir = `${tmpDir()}/calc`;
    const { out, status } = script(runtime, "test/fixtures/pool/script.ts", calcDir, "exit");
    expect(status).toBe(0);
    expect(out).toMatch(
      /^error func failed on params\[5\] \{"a":5\} .*func called process\.exit\(9\) in a pool worker/,
    );
    expect(rowsOf(calcDir).map((r) => r.a)).not.toContain(5);
  });

  it('onError "record" works in the pool', () => {
    const calcDir = `${tmpDir()}/calc`;
    expect(script(runtime, "test/fixtures/pool/script.ts", calcDir, "record").out).toBe("rows 12\n");
    const rows = rowsOf(calcDir);
    expect(rows.map((r) => r._failed)).toEqual(rows.map((r) => r.a === 3 || r.a === 5));
    expect(String(rows[3]!._exc_txt)).toMatch(/^RangeError: a=3 is out of range\n\s+at work/);
    expect(String(rows[5]!._exc_txt)).toMatch(/^WorkerExitError: func called process\.exit\(9\)/);
  });

  it("captureLogs captures each pset's output inside the workers", () => {
    const calcDir = `${tmpDir()}/calc`;
    expect(script(runtime, "test/fixtures/pool/script.ts", calcDir, "logs").out).toBe("rows 12\n");
    for (const row of rowsOf(calcDir)) {
      const text = `hello from ${row.a}\nerr ${row.a}\n`;
      expect(row._logs).toBe(text);
      expect(readFileSync(`${calcDir}/${String(row._pset_id)}/logs.txt`, "utf8")).toBe(text);
    }
  });

  it("a run() the workers cannot reach is an error that says what to do, and nothing is recorded", () => {
    const calcDir = `${tmpDir()}/calc`;
    const { out } = script(runtime, "test/fixtures/pool/late.ts", calcDir);
    expect(out).toMatch(/^error func \(an anonymous function\)|^error func [\w$]* ?cannot be sent to pool workers/);
    expect(out).toMatch(
      /did not call run\(\)\. Define func at the top level of your script .*or export func from a module and pass funcModule/,
    );
    expect(existsSync(`${calcDir}/database.arrow`)).toBe(false);
  });

  it("a second run() of the same func gets the workers of the first, and idle workers do not keep the script running", () => {
    const calcDir = `${tmpDir()}/calc`;
    const { out, status } = script(runtime, "test/fixtures/pool/warm.ts", calcDir);
    expect(status).toBe(0);
    // Deno's web Workers cannot be unref'd: there each run gets a pool of its own, closed when the run ends.
    const warm = runtime !== "deno";
    expect(out).toMatch(new RegExp(`^workers that loaded the script ${warm ? 2 : 4}\nsame workers ${warm}\n`));
    if (runtime === "node") {
      const active = JSON.parse(/\nactive (.*)\n$/.exec(out)![1]!) as string[];
      expect(active.filter((kind) => /Worker|MessagePort|Timeout/.test(kind))).toEqual([]);
    }
    expect(rowsOf(calcDir).map((r) => r.a2)).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
  });

  it("a pooled run() after another run() in the script is an error naming the func the workers found, not a hang", () => {
    const calcDir = `${tmpDir()}/calc`;
    const { out } = script(runtime, "test/fixtures/pool/second.ts", calcDir);
    expect(out).toMatch(
      /^error func second cannot be sent to pool workers: .* but loading it called run\(\) with first first\. .*funcModule/,
    );
    expect(rowsOf(calcDir).map((r) => r.c)).toEqual([undefined]);
  });
});

describe("TypeScript in Node pool workers", () => {
  it("workers load the script's TypeScript imports as the main thread's tsx did (./x.js for x.ts, an enum)", () => {
    const calcDir = `${tmpDir()}/calc`;
    const { out, status } = script("node", "test/fixtures/pool/tsResolve.ts", calcDir);
    expect(out).toBe("done\n");
    expect(status).toBe(0);
    const rows = rowsOf(calcDir);
    expect(rows.map((r) => r.tripled)).toEqual([3, 6, 9, 12, 15, 18]);
    expect(rows.every((r) => r.thread !== 0)).toBe(true);
  });

  it("a TypeScript funcModule of a script run without tsx: the workers load it with tsx's own hooks", () => {
    const calcDir = `${tmpDir()}/calc`;
    const result = spawnSync(process.execPath, ["test/fixtures/pool/tsFuncModule.mjs", calcDir], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.stdout + result.stderr).toBe("done\n");
    expect(result.status).toBe(0);
    expect(rowsOf(calcDir).map((r) => r.square)).toEqual([1, 4, 9, 16]);
  });
});
