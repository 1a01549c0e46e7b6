// Every example runs, as the README says to run it, in a fresh directory,
// and wrote what it says.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { tableFromIPC } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { dfExtractDicts, psetHash } from "./helpers/psweep.js";
import { startRedis } from "./helpers/redis.js";
import { tmpDir } from "./helpers/tmp.js";

const root = new URL("..", import.meta.url).pathname;
const runners: Record<string, string[]> = {
  node: [`${root}node_modules/.bin/tsx`],
  bun: [`${root}node_modules/.bin/bun`],
  deno: [`${root}node_modules/.bin/deno`, "run", "-A"],
};

function example(cwd: string, name: string, args: string[] = [], runtime = "node"): string {
  const [command, ...flags] = runners[runtime]!;
  const result = spawnSync(command!, [...flags, `${root}examples/${name}.ts`, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 90_000,
  });
  if (result.status !== 0)
    throw new Error(`examples/${name}.ts exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

const rows = (cwd: string, calcDir: string) =>
  dfExtractDicts(tableFromIPC(readFileSync(`${cwd}/${calcDir}/database.arrow`)));
const column = (cwd: string, calcDir: string, name: string) => rows(cwd, calcDir).map((r) => r[name]);

describe("examples", () => {
  it.each(["node", "bun", "deno"])("vary-one and vary-two (%s)", (runtime) => {
    const cwd = tmpDir();
    expect(example(cwd, "vary-one", [], runtime)).toBe("a  result\n1       1\n2       4\n3       9\n4      16\n");
    example(cwd, "vary-two", [], runtime);
    expect(rows(cwd, "calc/vary-two").map((r) => [r.width, r.height, r.area])).toEqual([
      [1, 10, 10],
      [1, 20, 20],
      [2, 10, 20],
      [2, 20, 40],
      [3, 10, 30],
      [3, 20, 60],
    ]);
  });

  it("parallel: on two worker threads", () => {
    const cwd = tmpDir();
    example(cwd, "parallel");
    const sums = column(cwd, "calc/parallel", "sum") as number[];
    const n = column(cwd, "calc/parallel", "n") as number[];
    expect(n).toEqual([1e6, 2e6, 3e6, 4e6, 5e6, 6e6]);
    // sum of sqrt(i) for i = 1..n is about (2/3) n^1.5 + n^0.5 / 2
    sums.forEach((sum, i) =>
      expect(Math.abs(sum / ((2 / 3) * n[i]! ** 1.5 + n[i]! ** 0.5 / 2) - 1)).toBeLessThan(1e-9),
    );
  });

  it("repeat: two run ids, repeated hashes", () => {
    const cwd = tmpDir();
    const out = example(cwd, "repeat");
    expect(out.trim().split("\n")).toHaveLength(4);
    const db = rows(cwd, "calc/repeat");
    expect(new Set(db.map((r) => r._run_id)).size).toBe(2);
    expect(db.map((r) => r._pset_hash)).toEqual([
      psetHash({ a: 1 }),
      psetHash({ a: 2 }),
      psetHash({ a: 1 }),
      psetHash({ a: 2 }),
    ]);
  });

  it("extend: the second run adds only the new psets", () => {
    const cwd = tmpDir();
    example(cwd, "extend");
    expect(rows(cwd, "calc/extend").map((r) => [r.a, r.b, r._run_seq])).toEqual([
      [1, 10, 0],
      [2, 10, 0],
      [1, 20, 1],
      [2, 20, 1],
      [3, 10, 1],
      [3, 20, 1],
    ]);
  });

  it("simulate: the simulated run leaves the real database alone", () => {
    const cwd = tmpDir();
    example(cwd, "simulate");
    expect(column(cwd, "calc/simulate", "result")).toEqual([100, 200, 300]);
    expect(rows(cwd, "calc/simulate.simulate").map((r) => r.a)).toEqual([1, 2, 3]);
    expect("result" in rows(cwd, "calc/simulate.simulate")[0]!).toBe(false);
  });

  it("study-column: two labelled studies in one database", () => {
    const cwd = tmpDir();
    const out = example(cwd, "study-column");
    expect(column(cwd, "calc/study-column", "study")).toEqual([...Array(3).fill("coarse"), ...Array(6).fill("fine")]);
    expect(out.split("\n").filter((line) => line.startsWith("fine"))).toHaveLength(6);
  });

  it("stargrid: one-at-a-time scans, the center once, labelled; backups of later runs", () => {
    const cwd = tmpDir();
    example(cwd, "stargrid");
    const db = rows(cwd, "calc/stargrid");
    expect(db.map((r) => r._vary)).toEqual(["lr", "lr", "lr", "batch", "batch", "depth", "depth"]);
    example(cwd, "stargrid"); // nothing new: skipDups, and a backup of the first run
    expect(rows(cwd, "calc/stargrid")).toHaveLength(7);
    expect(readdirSync(`${cwd}/calc`).filter((name) => name.startsWith("stargrid.bak_"))).toHaveLength(1);
  });

  it("shell-benchmark: timings recorded", () => {
    const cwd = tmpDir();
    example(cwd, "shell-benchmark");
    const db = rows(cwd, "calc/shell-benchmark");
    expect(db.map((r) => r.bytes)).toEqual([1e3, 1e5, 1e7]);
    expect(db.every((r) => typeof r.seconds === "number" && (r.seconds as number) > 0)).toBe(true);
  });

  it("capture-logs: db, file, db+file", () => {
    const cwd = tmpDir();
    example(cwd, "capture-logs");
    const db = rows(cwd, "calc/capture-logs");
    expect(db.map((r) => r._logs)).toEqual([
      "working on a=1\na warning for a=1\n",
      "working on a=2\na warning for a=2\n",
      null,
      null,
      "working on a=1\na warning for a=1\n",
      "working on a=2\na warning for a=2\n",
    ]);
    const files = db.slice(2).map((r) => `${cwd}/calc/capture-logs/${String(r._pset_id)}/logs.txt`);
    expect(files.map((f) => readFileSync(f, "utf8"))).toEqual(
      db.slice(2).map((r) => `working on a=${r.a}\na warning for a=${r.a}\n`),
    );
    expect(existsSync(`${cwd}/calc/capture-logs/${String(db[0]!._pset_id)}`)).toBe(false);
  });

  it("failing: failures recorded, then only those run again", () => {
    const cwd = tmpDir();
    example(cwd, "failing");
    expect(rows(cwd, "calc/failing").map((r) => [r.a, r._failed, r._run_seq])).toEqual([
      [1, false, 0],
      [2, false, 0],
      [3, true, 0],
      [4, false, 0],
      [5, false, 0],
      [6, true, 0],
      [3, false, 1],
      [6, false, 1],
    ]);
  });

  it("dependent-studies: three levels, each from the best of the one before", () => {
    const cwd = tmpDir();
    const out = example(cwd, "dependent-studies");
    expect(readdirSync(`${cwd}/calc/dependent-studies`)).toEqual(["level-0", "level-1", "level-2"]);
    expect(out).toMatch(/level 0: best x=2 y=0 /);
    const best = rows(cwd, "calc/dependent-studies/level-2").reduce((a, b) =>
      (a.value as number) <= (b.value as number) ? a : b,
    );
    expect(best.value as number).toBeLessThan(0.01);
  });

  it("save-data and eval-data: folders per pset, read back into an evaluation database", () => {
    const cwd = tmpDir();
    example(cwd, "save-data");
    const source = rows(cwd, "calc/save-data");
    for (const row of source)
      expect(
        JSON.parse(readFileSync(`${cwd}/calc/save-data/${String(row._pset_id)}/signal.json`, "utf8")),
      ).toHaveLength(201);
    example(cwd, "eval-data");
    const evaluated = rows(cwd, "calc/eval-data");
    expect(evaluated.map((r) => [r.freq, r.source_id, r.crossings])).toEqual(
      source.map((r) => [r.freq, r._pset_id, 2 * (r.freq as number)]),
    );
  });

  it("report: an HTML report and an SVG figure of a sweep", () => {
    const cwd = tmpDir();
    expect(example(cwd, "report")).toBe("28 rows -> calc/report/report.html and calc/report/seconds.svg\n");
    expect(readFileSync(`${cwd}/calc/report/report.html`, "utf8")).toContain("<title>Sorting methods</title>");
    expect(readFileSync(`${cwd}/calc/report/seconds.svg`, "utf8")).toMatch(/^<svg[^>]*width="800" height="500"/);
  });

  it("read-results: apache-arrow, arquero and polars read the database", () => {
    const cwd = tmpDir();
    example(cwd, "vary-two");
    const out = example(cwd, "read-results");
    expect(out).toMatch(/^apache-arrow: 6 rows, columns width, height, _pset_hash, \.\.\./);
    expect(out).toMatch(/│ 3 +│ 45 +│/);
    expect(out).toMatch(
      /polars: \[\n\s+\{ width: 2, height: 20, area: 40 \},\n\s+\{ width: 3, height: 20, area: 60 \}\n\]/,
    );
  });

  it("batch: templates filled, jobs run with sh, a job reads its pset from the database and pset.json; simulate", () => {
    const cwd = tmpDir();
    example(cwd, "batch/prep");
    spawnSync("sh", [`${cwd}/calc/batch/run_local.sh`], { encoding: "utf8" });
    const db = rows(cwd, "calc/batch");
    for (const row of db) {
      const dir = `${cwd}/calc/batch/${String(row._pset_id)}`;
      expect(readFileSync(`${dir}/input.txt`, "utf8")).toBe(
        `# input of the simulation code for pset ${String(row._pset_id)}\nalpha = ${row.alpha}\nmethod = fast\ncost = $5\n`,
      );
      expect(readFileSync(`${dir}/output.txt`, "utf8")).toBe(`result = ${(row.alpha as number) * 2}\n`);
      const job = spawnSync(runners.node![0]!, [`${root}examples/batch/job.ts`], { cwd: dir, encoding: "utf8" });
      expect(job.stdout).toBe(`${String(row._pset_id)}: alpha=${row.alpha}\n`);
      expect(readFileSync(`${dir}/job.txt`, "utf8")).toBe(
        `alpha from the database ${row.alpha}, from pset.json ${row.alpha}\n`,
      );
    }
    expect(readFileSync(`${cwd}/calc/batch/array_cluster_run_seq_0.txt`, "utf8")).toBe(
      db.map((r) => `${String(r._pset_id)}\n`).join(""),
    );
    example(cwd, "batch/prep", ["simulate"]);
    expect(rows(cwd, "calc/batch.simulate")).toHaveLength(6);
    expect(rows(cwd, "calc/batch")).toHaveLength(3);
  });

  describe("distributed", () => {
    const started: ChildProcess[] = [];
    afterAll(() => started.forEach((child) => child.kill()));

    it("runs on two workers through a Redis server, the database stays with the caller", async () => {
      const redis = await startRedis();
      try {
        for (const runtime of ["node", "bun"]) {
          const [command, ...flags] = runners[runtime]!;
          const worker = spawn(command!, [
            ...flags,
            `${root}test/fixtures/distributed/worker.ts`,
            redis.url,
            "example",
          ]);
          started.push(worker);
          await new Promise<void>((resolve) =>
            worker.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve()),
          );
        }
        const cwd = tmpDir();
        example(cwd, "distributed/study", [redis.url]);
        const db = rows(cwd, "calc/distributed");
        expect(db.map((r) => [r.a, r.noise, r.y])).toEqual(
          [1, 2, 3, 4, 5, 6].flatMap((a) => [
            [a, 0, a * a],
            [a, 0.5, a * a + 0.5],
          ]),
        );
        expect(new Set(db.map((r) => r.pid)).size).toBe(2);
      } finally {
        await redis.stop();
      }
    });
  });
});
