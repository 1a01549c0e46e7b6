import { tableFromIPC, tableToIPC } from "apache-arrow";
import { beforeAll, describe, expect, it } from "vitest";
import { PsweepError, dfExtractDicts, grid, loadArrow, pgrid, plist, psetHash, psetHashes, zip } from "../src/index.js";
import { psetHashRef } from "./reference/psetHashRef.js";

const a = plist("a", [1, 2, 3]);
const b = plist("b", ["x", null, "z"]);
const c = plist("c", [0.5, [1, { d: 2 }]]);

describe("grid (columnar)", () => {
  // The runtime-agnostic entry loads apache-arrow only when asked (the bindings' entries load it themselves).
  beforeAll(() => loadArrow());

  const g = grid(a, zip(b, plist("e", [true, false, true])), c);

  it("has the length and psets of pgrid, lazily", () => {
    expect(g.length).toBe(18);
    expect(g.shape).toEqual([3, 3, 2]);
    expect([...g]).toEqual(pgrid(a, zip(b, plist("e", [true, false, true])), c));
    expect(g.at(17)).toEqual({ a: 3, b: "z", e: true, c: [1, { d: 2 }] });
    expect(() => g.at(18)).toThrow("grid.at(18): index must be an integer in [0, 18)");
  });

  it("expands value indices per axis in the core", () => {
    const [ia, ib, ic] = g.indices({ start: 4, end: 9 });
    expect([...ia!]).toEqual([0, 0, 1, 1, 1]);
    expect([...ib!]).toEqual([2, 2, 0, 0, 1]);
    expect([...ic!]).toEqual([0, 1, 0, 1, 0]);
  });

  it("hashes every pset without building it, equal to hashing the objects", () => {
    const psets = g.toArray();
    expect(g.hashes()).toEqual(psets.map((p) => psetHashRef(p)));
    expect(g.hashes({ start: 5, end: 7 })).toEqual(psetHashes(psets.slice(5, 7)));
    expect(g.hashes({ skipPrefixCols: false })).toEqual(psets.map((p) => psetHash(p, { skipPrefixCols: false })));
  });

  it("writes digests into a caller buffer", () => {
    const out = new Uint8Array(20 * 4);
    const digests = g.digests({ start: 2, end: 4, out });
    expect(digests.buffer).toBe(out.buffer);
    expect(Buffer.from(digests.subarray(20, 40)).toString("hex")).toBe(psetHash(g.at(3)));
    expect(() => g.digests({ out: new Uint8Array(10) })).toThrow("out holds 10 bytes, 360 needed for 18 psets");
  });

  it("refuses ranges outside the grid", () => {
    expect(() => g.hashes({ start: 3, end: 99 })).toThrow(PsweepError);
    expect(() => g.indices({ start: -1 })).toThrow("range start=-1, end=18 is not within the grid");
  });

  it("becomes an Arrow table that survives IPC with the same values", () => {
    const table = tableFromIPC(tableToIPC(g.toArrow({ hash: true })));
    expect(table.numRows).toBe(18);
    expect(table.schema.fields.map((f) => f.name)).toEqual(["a", "b", "e", "c", "_pset_hash"]);
    const rows = dfExtractDicts(table);
    const expected = g.toArray().map((p) => ({ ...p, b: p.b ?? null, _pset_hash: psetHash(p) }));
    expect(rows).toEqual(expected);
    expect(table.getChild("b")!.nullCount).toBe(6);
    expect(String(table.schema.fields[0]!.type)).toBe("Dictionary<Int32, Int32>");
    expect(String(table.schema.fields[3]!.type)).toBe("Dictionary<Int32, Utf8>");
    expect(table.schema.fields[3]!.metadata.get("psweep:encoding")).toBe("json");
  });

  it("slices into record batches for ranges", () => {
    const table = g.toArrow({ start: 10, end: 12 });
    expect(table.numRows).toBe(2);
    expect(table.get(0)!.toJSON()).toEqual({ a: 2, b: "z", e: true, c: "0.5" });
  });

  it("a grid with no plists is one empty pset", () => {
    const empty = grid();
    expect(empty.length).toBe(1);
    expect(empty.toArray()).toEqual([{}]);
    expect(empty.hashes()).toEqual(["bf21a9e8fbc5a3846fb05b4fa0859e0917b2202f"]);
  });

  it("keys named like Object.prototype members (__proto__, toString) are parameters like any other, as in pgrid", () => {
    const odd = JSON.parse('[{"__proto__": 1, "toString": "x"}, {"__proto__": 2}]') as Array<Record<string, never>>;
    const g2 = grid(odd, plist("a", [5]));
    const psets = g2.toArray();
    expect(psets.map((p) => Object.getPrototypeOf(p))).toEqual([Object.prototype, Object.prototype]);
    expect(psets.map((p) => Object.entries(p))).toEqual([
      [
        ["__proto__", 1],
        ["toString", "x"],
        ["a", 5],
      ],
      [
        ["__proto__", 2],
        ["a", 5],
      ],
    ]);
    expect(psets.map((p) => Object.entries(p))).toEqual(pgrid(odd, plist("a", [5])).map((p) => Object.entries(p)));
    expect(g2.hashes()).toEqual(psets.map((p) => psetHashRef(p)));
    expect(dfExtractDicts(g2.toArrow()).map((row) => Object.entries(row))).toEqual([
      [
        ["__proto__", 1],
        ["toString", "x"],
        ["a", 5],
      ],
      [
        ["__proto__", 2],
        ["toString", null],
        ["a", 5],
      ],
    ]);
  });
});

describe("a grid of 10^8 psets", () => {
  it("hashes in bounded memory, no object or string per pset", () => {
    const values = Array.from({ length: 100 }, (_, i) => i * 0.5);
    const huge = grid(plist("alpha", values), plist("beta", values), plist("gamma", values), plist("delta", values));
    expect(huge.length).toBe(1e8);

    const out = new Uint8Array(20 * 1_000_000);
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    let xor = 0;
    const sampled = new Map<number, string>();
    const samples = [0, 1, 99, 123_456, 54_321_987, 99_999_999];
    for (let start = 0; start < huge.length; start += 1_000_000) {
      const digests = huge.digests({ start, end: start + 1_000_000, out });
      for (let i = 0; i < digests.length; i += 4096) xor ^= digests[i]!;
      for (const s of samples) {
        if (s >= start && s < start + 1_000_000) {
          sampled.set(s, Buffer.from(digests.subarray(20 * (s - start), 20 * (s - start + 1))).toString("hex"));
        }
      }
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }
    for (const s of samples) expect(sampled.get(s)).toBe(psetHashRef(huge.at(s)));
    expect(xor).toBeGreaterThanOrEqual(0);
    // 10^8 objects or hex strings would need gigabytes; the stream needs its buffers.
    expect(rssPeak - rssBefore).toBeLessThan(256 * 1024 * 1024);
  });
});
