// The write-ahead log of a window as run() plans it (see walFormat.ts): a
// grid's psets as their range, ids end to end, _pset_seq as a range. It must
// give back exactly the rows the per-task form of the same plan gives.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { RoleOf } from "../src/database/schema.js";
import { WalWriter } from "../src/database/wal.js";
import { parseWal } from "../src/database/walFormat.js";
import { liveStatus } from "../src/report/liveStatus.js";
import { plan, planBaseOf, psetSource } from "../src/run/plan.js";
import { grid, pgrid, plist, runtime, zip } from "./helpers/psweep.js";
import { tmpDir } from "./helpers/tmp.js";

const roleOf: RoleOf = (key) => (key.startsWith("_") ? "book" : key === "y" ? "result" : "pset");

/** Each window of `params` logged with its window plan and without, a row per task: the two logs' rows and texts. */
async function logged(params: unknown, size: number) {
  const windows = [...plan(planBaseOf(0, [], false), psetSource(params), "calc", "run-1").windows(size)];
  const out = [];
  for (const planned of windows) {
    const tasks = planned.tasks();
    const texts: string[] = [];
    for (const window of [planned, undefined]) {
      const path = `${tmpDir()}/run.jsonl`;
      // As run() logs a window (its tasks made as the log asks for them), and as an array of tasks.
      const wal = await WalWriter.create(runtime.fs, path, roleOf, window ?? tasks, { size: 0, tail: "" }, 1000);
      for (const task of tasks) wal.append(task, { _time_utc: new Date(task.index), _exec_host: "h", y: task.index });
      await wal.close();
      texts.push(readFileSync(path, "utf8"));
    }
    out.push({ tasks, texts });
  }
  return out;
}

describe("a window's write-ahead log", () => {
  it("states a grid's psets as their range and gives back every row of the per-task form", async () => {
    const axes = () =>
      [
        plist("a", [1, -0, 2.5, "x", null, { deep: [1] }, true]),
        zip(plist("b", [10, 20, 30]), plist("toString", ["p", "q", "r"])),
        plist("c", [0, 1, 2, 3, 4]),
      ] as const;
    // windows of 5, 16 and 105: within an axis' cycle, across its wrap, the whole grid
    for (const size of [5, 16, 105]) {
      for (const { tasks, texts } of await logged(grid(...axes()), size)) {
        const [packed, perTask] = texts.map(parseWal);
        expect(packed!.problems).toEqual([]);
        expect(packed!.rows).toEqual(perTask!.rows);
        expect(packed!.rows.map((row) => row._pset_id)).toEqual(tasks.map((task) => task.book._pset_id));
        expect(packed!.rows.map((row) => row._pset_hash)).toEqual(tasks.map((task) => task.book._pset_hash));
        expect(texts[0]).toContain('"grid":{"shape":[7,3,5]');
        expect(texts[0]).not.toContain('"psets"');
        if (size === 105) expect(texts[0]!.length).toBeLessThan(texts[1]!.length);
        expect(liveStatus([texts[0]!], 0)!.total).toBe(1000);
      }
    }
  });

  it("writes psets as they are for an array, with ids end to end (last: the core's bytes) and _pset_seq as a range", async () => {
    const { tasks, texts } = (await logged(pgrid(plist("a", [1, 2, 3])), 8))[0]!;
    const ids = tasks.map((task) => task.book._pset_id).join("");
    expect(texts[0]!.split("\n")[3]).toBe(
      `{"plan":{"first":0,"psets":[{"a":1},{"a":2},{"a":3}],"_run_seq":0,` +
        `"_pset_seq":{"from":0},"_run_id":"run-1","_calc_dir":"calc","_pset_id":{"w":36,"s":"${ids}"}}}`,
    );
    const [packed, perTask] = texts.map(parseWal);
    expect(packed!.rows).toEqual(perTask!.rows);
  });

  it("a long axis wrapping inside a window keeps the per-pset form: the shorter plan", async () => {
    const { texts } = (await logged(grid(plist("a", [1, 2]), plist("b", [1, 2, 3, 4, 5, 6, 7, 8])), 6))[1]!;
    expect(texts[0]).toContain('"psets":[{"a":1,"b":7},{"a":1,"b":8},{"a":2,"b":1}');
    const [packed, perTask] = texts.map(parseWal);
    expect(packed!.rows).toEqual(perTask!.rows);
  });

  it("a grid value missing from an axis' pset keeps the per-pset form (a missing key is not null)", async () => {
    const axis = [{ a: 1 }, { a: 2, b: 3 }];
    const { Grid } = await import("../src/params/grid.js");
    const { texts } = (await logged(new Grid([axis]), 8))[0]!;
    expect(texts[0]).toContain('"psets":[{"a":1},{"a":2,"b":3}]');
    const [packed, perTask] = texts.map(parseWal);
    expect(packed!.rows).toEqual(perTask!.rows);
  });

  it("a damaged window plan is named: ids of the wrong length, a grid without its values", () => {
    const head = '{"psweep_wal":1}\n{"base":{"size":0,"tail":""}}\n';
    const { problems } = parseWal(
      head +
        '{"plan":{"first":0,"psets":[{"a":1}],"_pset_id":{"w":36,"s":"abc"}}}\n' +
        '{"plan":{"first":1,"count":2,"grid":{"shape":[4],"start":2,"keys":[{"name":"a","axis":0,"from":2,"values":[7]}]},' +
        `"_pset_id":{"w":36,"s":"${"0".repeat(72)}"}}}\n`,
    );
    expect(problems).toEqual([
      "line 3: a plan line whose _pset_id holds 3 characters for 1 texts of 36",
      'line 4: a plan line whose grid lacks the value of "a" for pset 1',
    ]);
  });

  it("a window plan whose grid range does not fit its grid or its ids is named before any pset is made", () => {
    const head = '{"psweep_wal":1}\n{"base":{"size":0,"tail":""}}\n';
    const id = "0".repeat(36);
    const line = (count: number, grid: object, ids: number) =>
      JSON.stringify({ plan: { first: 0, count, grid, _pset_id: { w: 36, s: id.repeat(ids) } } }) + "\n";
    const a = (axis: number) => [{ name: "a", axis, from: 0, values: [1, 2, 3, 4] }];
    const { problems } = parseWal(
      head +
        line(1, { shape: [4], start: 0, keys: a(-1) }, 1) + // an axis before the first
        line(2, { shape: [4], start: 3, keys: a(0) }, 2) + // psets 3 and 4 of a grid of 4
        line(1e8, { shape: [1e8], start: 0, keys: [] }, 1), // 10^8 psets claimed, one id given
    );
    expect(problems).toEqual([
      "line 3: a plan line whose grid lacks its shape, start, count or keys",
      "line 4: a plan line whose grid psets 3..4 lie outside its 4 psets",
      "line 5: a plan line whose grid states 100000000 psets and its _pset_id 1",
    ]);
  });
});
