// New rows as the record batch takes them (src/database/rowBuffer.ts): the
// cells a call added, kept a column per key; a window's tasks, made again
// from the plan instead of kept; and the texts a window keeps as bytes.

import { describe, expect, it } from "vitest";
import { RowBuffer } from "../src/database/rowBuffer.js";
import { plan, planBaseOf, psetSource } from "../src/run/plan.js";
import { FixedWidthTexts } from "../src/util/fixedWidthTexts.js";
import { grid, plist } from "./helpers/psweep.js";

const at = (ms: number) => new Date(ms);

describe("a row buffer", () => {
  it("keeps rows' added cells by key: keys in the order first seen, a missing cell undefined, rows in run order", () => {
    const rows = new RowBuffer();
    rows.push({ index: 1, pset: { a: 1 }, book: { _pset_id: "p1" } }, { y: 10, _time_utc: at(1) }, 1);
    rows.push({ index: 0, pset: { a: 0, b: "x" }, book: { _pset_id: "p0" } }, { z: true, _time_utc: at(0) }, 0);
    rows.push(undefined, { toString: "own", y: 12 }, 2);
    expect(rows.keys).toEqual(["a", "_pset_id", "y", "_time_utc", "b", "z", "toString"]);
    expect(rows.column("a")).toEqual([0, 1, undefined]);
    expect(rows.column("b")).toEqual(["x", undefined, undefined]);
    expect(rows.column("y")).toEqual([undefined, 10, 12]);
    expect(rows.column("z")).toEqual([true, undefined, undefined]);
    // "toString" is an own cell of one row only: the others do not find Object.prototype's
    expect(rows.column("toString")).toEqual([undefined, undefined, "own"]);
    // Dates are kept as time values, and given back as Dates, in run order
    expect(rows.column("_time_utc")).toEqual([at(0), at(1), undefined]);
  });

  it("gives a column of Dates as time values with the type timestamp; a column with another value is plain values", () => {
    const rows = new RowBuffer();
    rows.push(undefined, { t: at(5), u: at(7) }, 1);
    rows.push(undefined, { t: at(3), u: "later" }, 0);
    expect(rows.typeHint("t")).toBe("timestamp");
    expect(rows.timeValues("t")).toEqual([3, 5]);
    expect(rows.column("t")).toEqual([at(3), at(5)]);
    expect(rows.typeHint("u")).toBeUndefined();
    expect(rows.timeValues("u")).toBeUndefined();
    expect(rows.column("u")).toEqual(["later", at(7)]);
    // a row that lacks the key makes the column more than Dates
    rows.push(undefined, { u: 1 }, 2);
    expect(rows.typeHint("t")).toBeUndefined();
    expect(rows.column("t")).toEqual([at(3), at(5), undefined]);
  });

  it("takes a window's book and pset columns from its plan, also for rows out of task order (a pool)", () => {
    const [window] = [
      ...plan(planBaseOf(0, [], false), psetSource(grid(plist("a", [7, 8, 9]))), "calc", "run-1").windows(10),
    ];
    const tasks = window!.tasks();
    const inOrder = new RowBuffer(window);
    const outOfOrder = new RowBuffer(window);
    for (const k of [0, 1, 2]) inOrder.push(tasks[k], { y: k }, k);
    for (const k of [2, 0, 1]) outOfOrder.push(window!.at(k), { y: k }, k);
    const ids = tasks.map((task) => task.book._pset_id);
    for (const rows of [inOrder, outOfOrder]) {
      expect(rows.keys).toEqual(["a", "_pset_hash", "_pset_id", "_run_seq", "_pset_seq", "_run_id", "_calc_dir", "y"]);
      expect(rows.column("a")).toEqual([7, 8, 9]);
      expect(rows.column("_pset_id")).toEqual(ids);
      expect(rows.column("_pset_seq")).toEqual([0, 1, 2]);
      expect(rows.column("y")).toEqual([0, 1, 2]);
    }
    // the plan's bytes serve only rows that are the window's tasks 0, 1, 2, ... in order
    expect(new TextDecoder().decode(inOrder.fixedWidthText("_pset_id")!.bytes)).toBe(ids.join(""));
    expect(inOrder.typeHint("_pset_id")).toBe("utf8");
    expect(outOfOrder.fixedWidthText("_pset_id")).toBeUndefined();
  });

  it("makes a window's tasks anew from the plan: equal, not the same objects", () => {
    const [window] = [...plan(planBaseOf(0, [], false), psetSource([{ a: 1 }, { a: 2, b: 3 }]), "c", "r").windows(10)];
    const first = window!.at(1);
    expect(first).toEqual(window!.at(1));
    expect(first).not.toBe(window!.at(1));
    expect(first.pset).toEqual({ a: 2, b: 3 });
    expect(Object.keys(first.book)).toEqual([
      "_pset_hash",
      "_pset_id",
      "_run_seq",
      "_pset_seq",
      "_run_id",
      "_calc_dir",
    ]);
  });
});

describe("fixed-width texts", () => {
  it("gives each text, past a decoded piece too, and picks texts into new bytes", () => {
    const count = 2500; // more than one piece of 1024
    const texts = Array.from({ length: count }, (_, i) => String(i).padStart(6, "0"));
    const fixed = new FixedWidthTexts(new TextEncoder().encode(texts.join("")), 6);
    expect(fixed.length).toBe(count);
    expect([fixed.at(0), fixed.at(1023), fixed.at(1024), fixed.at(2499), fixed.at(2500)]).toEqual([
      "000000",
      "001023",
      "001024",
      "002499",
      undefined,
    ]);
    expect(fixed.at(5)).toBe("000005"); // back to an earlier piece
    expect(fixed.slice(1020, 1030)).toEqual(texts.slice(1020, 1030));
    const picked = fixed.pick(Int32Array.from([2499, 0, 1024]));
    expect(picked.slice()).toEqual(["002499", "000000", "001024"]);
  });
});
