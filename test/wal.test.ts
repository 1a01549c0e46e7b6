// The write-ahead log: its exact lines, every value coming back from it, and
// logs as the first release wrote them.

import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { NewRow, RowHead } from "../src/database/rowBuffer.js";
import type { RoleOf } from "../src/database/schema.js";
import { WalWriter } from "../src/database/wal.js";
import { parseWal } from "../src/database/walFormat.js";
import { liveStatus } from "../src/report/liveStatus.js";
import { psetHash, runtime } from "./helpers/psweep.js";
import type { Pset } from "../src/types.js";
import { tmpDir } from "./helpers/tmp.js";

const roleOf: RoleOf = (key) => (key.startsWith("_") ? "book" : "result");

function task(index: number, pset: NewRow, id = `id-${index}`): RowHead {
  return {
    index,
    pset,
    book: {
      _pset_hash: psetHash(pset as Pset),
      _pset_id: id,
      _run_seq: 3,
      _pset_seq: 10 + index,
      _run_id: "run",
      _calc_dir: "calc",
    },
  };
}

describe("write-ahead log", () => {
  it("holds the plan once (without the hashes, which follow from the psets), then a short line per finished pset", async () => {
    const path = `${tmpDir()}/run.jsonl`;
    const tasks = [task(0, { a: 1 }), task(1, { a: 2.5 })];
    const wal = await WalWriter.create(runtime.fs, path, roleOf, tasks, { size: 0, tail: "" });
    wal.append(tasks[1]!, { _time_utc: new Date(1000), _exec_host: "h", y: "x", _pset_runtime: 0.5 });
    wal.append(tasks[0]!, { _time_utc: new Date(2000), _exec_host: "h", y: null, _pset_runtime: 0.25 });
    wal.append(tasks[0]!, { _time_utc: new Date(3000), _exec_host: "other", y: [1], _pset_runtime: 1 });
    await wal.close();
    expect(readFileSync(path, "utf8")).toBe(
      '{"psweep_wal":1}\n' +
        '{"base":{"size":0,"tail":""}}\n' +
        '{"plan":{"first":0,"psets":[{"a":1},{"a":2.5}],"_pset_id":["id-0","id-1"],"_run_seq":3,' +
        '"_pset_seq":[10,11],"_run_id":"run","_calc_dir":"calc"}}\n' +
        '{"columns":["_time_utc","_exec_host","y","_pset_runtime"],"roles":["book","book","result","book"],"fixed":{"_exec_host":"h"},"planned":true}\n' +
        '[1,{"t":1000},"x",0.5]\n' +
        '[0,{"t":2000},null,0.25]\n' +
        '{"columns":["_time_utc","_exec_host","y","_pset_runtime"],"roles":["book","book","result","book"],"fixed":{"_exec_host":"other"},"planned":true}\n' +
        '[0,{"t":3000},{"j":[1]},1]\n',
    );
  });

  it("a window of a run numbers its tasks from 0 and says where they lie in the run (the live view counts it)", async () => {
    const path = `${tmpDir()}/run.jsonl`;
    const tasks = [task(8, { a: 8 }), task(9, { a: 9 })];
    const wal = await WalWriter.create(runtime.fs, path, roleOf, tasks, { size: 0, tail: "" }, 20);
    wal.append(tasks[1]!, { _time_utc: new Date(1000), _exec_host: "h", y: 9, _pset_runtime: 0.5 });
    await wal.close();
    const text = readFileSync(path, "utf8");
    expect(text.split("\n").slice(1, 3)).toEqual(['{"base":{"size":0,"tail":""}}', '{"window":{"first":8,"of":20}}']);
    expect(text.split("\n").at(-2)).toBe('[1,{"t":1000},9,0.5]');
    const parsed = parseWal(text);
    expect(parsed.window).toEqual({ first: 8, of: 20 });
    expect(parsed.rows).toEqual([
      {
        a: 9,
        ...tasks[1]!.book,
        _time_utc: new Date(1000),
        _exec_host: "h",
        y: 9,
        _pset_runtime: 0.5,
      },
    ]);
    expect(liveStatus([text], 2000)).toMatchObject({ done: 9, total: 20, sweeps: 1 });
    // a newer psweep's log (another format) is not read: it counts no task
    expect(liveStatus([text.replace('{"psweep_wal":1}', '{"psweep_wal":2}')], 2000)).toMatchObject({
      done: 0,
      total: 0,
    });
    await expect(
      WalWriter.create(runtime.fs, `${path}2`, roleOf, [task(3, { a: 3 }), task(5, { a: 5 })], { size: 0, tail: "" }),
    ).rejects.toThrow(/numbered consecutively/);
  });

  // psets hold what can be hashed: finite numbers only; results may be NaN or Infinity too
  const scalar = (finite: boolean) =>
    fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.double(finite ? { noNaN: true, noDefaultInfinity: true } : {}),
      fc.constantFrom(-0, 2 ** 53 - 1, 1e21, 5e-324),
      fc.string({ unit: "binary", maxLength: 8 }),
    );
  const valueOf = (finite: boolean) =>
    fc.oneof(
      scalar(finite),
      fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 3 }),
      fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }),
    );
  const psetValue = valueOf(true);
  const value = valueOf(false);
  const key = fc.constantFrom("a", "b", "__proto__", "ü", "_pset_seq", "0");
  const tail = fc.record({
    _time_utc: fc.date({ noInvalidDate: true }),
    _exec_host: fc.constantFrom("n1", "n2"),
    r: fc.oneof(value, fc.date({ noInvalidDate: true })),
    _pset_runtime: fc.double({ min: 0, max: 10, noNaN: true }),
  });

  it("gives back every row as the pset, book and cells it was made of (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.dictionary(key, psetValue), tail), { minLength: 1, maxLength: 10 }),
        fc.integer(),
        async (spec, seed) => {
          const path = `${tmpDir()}/run.jsonl`;
          const tasks = spec.map(([pset], i) => task(i, pset, `id-${seed}-${i}`));
          const wal = await WalWriter.create(runtime.fs, path, roleOf, tasks, { size: 0, tail: "" });
          // rows finish in any order (pools, distributed workers)
          const order = tasks.map((_, i) => i).sort((a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13));
          for (const i of order) wal.append(tasks[i]!, spec[i]![1]);
          await wal.close();

          const { rows, roles } = parseWal(readFileSync(path, "utf8"));
          expect(rows).toHaveLength(order.length);
          rows.forEach((row, n) => {
            const i = order[n]!;
            const [pset, cells] = spec[i]!;
            const expected = Object.entries(pset).filter(([k]) => k !== "_pset_seq"); // the book's own _pset_seq wins
            expect(Object.keys(row)).toEqual([
              ...expected.map(([k]) => k),
              ...Object.keys(tasks[i]!.book),
              ...Object.keys(cells),
            ]);
            for (const [k, v] of expected) expect(row[k], k).toEqual(v);
            for (const [k, v] of [...Object.entries(tasks[i]!.book), ...Object.entries(cells)])
              expect(row[k], k).toEqual(v);
          });
          for (const [k] of spec.flatMap(([pset]) => Object.entries(pset)))
            if (k !== "_pset_seq") expect(roles.get(k)).toBe("pset");
          expect(roles.get("_pset_id")).toBe("book");
          expect(roles.get("r")).toBe("result");
        },
      ),
      { numRuns: 80 },
    );
  });

  it("reads logs as the first release wrote them (every cell in every row), and ignores a line cut short", () => {
    const text =
      '{"psweep_wal":1}\n' +
      '{"columns":["a","_pset_id","_time_utc","y"],"roles":["pset","book","book","result"]}\n' +
      '[1,"p1",{"t":5},{"n":"NaN"}]\n' +
      '[2,"p2",{"t":6},{"j":{"k":[1]}}]\n' +
      '[3,"p3",{"t":7';
    const { rows, roles } = parseWal(text);
    expect(rows).toEqual([
      { a: 1, _pset_id: "p1", _time_utc: new Date(5), y: NaN },
      { a: 2, _pset_id: "p2", _time_utc: new Date(6), y: { k: [1] } },
    ]);
    expect([...roles]).toEqual([
      ["a", "pset"],
      ["_pset_id", "book"],
      ["_time_utc", "book"],
      ["y", "result"],
    ]);
  });

  it("names each line it cannot read, by number, and keeps the rows it can", () => {
    const text =
      '{"psweep_wal":1}\n' +
      '{"base":{"size":120,"tail":"ab"}}\n' +
      '{"plan":{"first":0,"psets":[{"a":1},{"a":2}],"_pset_id":["p0","p1"]}}\n' +
      '{"plan":{"first":-1}}\n' +
      '{"columns":["y"],"roles":["result"],"fixed":{},"planned":true}\n' +
      "[0,10]\n" +
      "[1]\n" +
      '[2,"x"]\n' +
      "\u0000\u0000\n" +
      '["1",5]\n' +
      "[1,11]\n";
    const { rows, base, problems } = parseWal(text);
    expect(rows.map((row) => [row.a, row._pset_id, row.y])).toEqual([
      [1, "p0", 10],
      [2, "p1", 11],
    ]);
    expect(base).toEqual({ size: 120, tail: "ab" });
    expect(problems).toEqual([
      "line 4: a plan line without its first task number and psets",
      "line 7: a row of 1 cells where its header wants 2",
      "line 8: a row of task 2, which is not in the plan (2 tasks)",
      'line 9: not JSON: "\\u0000\\u0000"',
      'line 10: a row of task "1", which is not in the plan (2 tasks)',
    ]);
  });
});
