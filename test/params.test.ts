import { describe, expect, it } from "vitest";
import {
  PsweepError,
  filterCols,
  filterParamsDupHash,
  filterParamsUnique,
  intspace,
  itr2params,
  linspace,
  logspace,
  mergeDicts,
  pgrid,
  plist,
  psetHash,
  stargrid,
  zip,
} from "../src/index.js";

const a = plist("a", [1, 2]);
const b = plist("b", ["x", "y", "z"]);
const c = plist("c", [true]);

describe("plist", () => {
  it("makes one single-key pset per value", () => {
    expect(plist("a", [1, "1", null, [2], { d: 3 }])).toEqual([
      { a: 1 },
      { a: "1" },
      { a: null },
      { a: [2] },
      { a: { d: 3 } },
    ]);
    expect(plist("x", new Float64Array([0.5, 1.5]))).toEqual([{ x: 0.5 }, { x: 1.5 }]);
    expect(plist("a", [])).toEqual([]);
  });

  it("refuses a string instead of splitting it, and says what to write", () => {
    expect(() => plist("a", "xyz" as never)).toThrow(PsweepError);
    expect(() => plist("a", "xyz" as never)).toThrow(
      'a string is not split into characters; write plist("a", ["xyz"])',
    );
  });

  it("refuses a bad name, a non-iterable and undefined values", () => {
    expect(() => plist("" as never, [1])).toThrow(/name must be a non-empty string/);
    expect(() => plist("a", 5 as never)).toThrow(/values must be an array \(or other iterable\), got 5/);
    expect(() => plist("a", [1, undefined] as never)).toThrow(/value 1 is undefined; use null/);
  });
});

describe("pgrid", () => {
  it("varies the last plist fastest and merges each combination", () => {
    expect(pgrid(a, b)).toEqual([
      { a: 1, b: "x" },
      { a: 1, b: "y" },
      { a: 1, b: "z" },
      { a: 2, b: "x" },
      { a: 2, b: "y" },
      { a: 2, b: "z" },
    ]);
    expect(pgrid(b, a).map((p) => `${p.b}${p.a}`)).toEqual(["x1", "x2", "y1", "y2", "z1", "z2"]);
  });

  it("takes pgrid(a, b), pgrid([a, b]) and a bare single plist alike", () => {
    expect(pgrid([a, b, c])).toEqual(pgrid(a, b, c));
    expect(pgrid(a)).toEqual([{ a: 1 }, { a: 2 }]);
    expect(pgrid([a])).toEqual(pgrid(a));
  });

  it("gives [{}] for no plists", () => {
    expect(pgrid()).toEqual([{}]);
    expect(pgrid([])).toEqual([{}]);
  });

  it("flattens zip entries into the psets", () => {
    const d = plist("d", [10, 20, 30]);
    expect(pgrid(a, zip(b, d))).toEqual([
      { a: 1, b: "x", d: 10 },
      { a: 1, b: "y", d: 20 },
      { a: 1, b: "z", d: 30 },
      { a: 2, b: "x", d: 10 },
      { a: 2, b: "y", d: 20 },
      { a: 2, b: "z", d: 30 },
    ]);
    expect(pgrid([zip(b, d), a])[1]).toEqual({ b: "x", d: 10, a: 2 });
  });

  it("accepts multi-key psets as plist entries (e.g. another grid)", () => {
    expect(pgrid(pgrid(a, c), plist("e", [0]))).toEqual([
      { a: 1, c: true, e: 0 },
      { a: 2, c: true, e: 0 },
    ]);
  });

  it("refuses duplicate keys between any two entries, not only neighbours", () => {
    const a2 = plist("a", [5]);
    expect(() => pgrid(a, b, a2)).toThrow('key "a" is set by both plist 0 and plist 2');
    expect(() => pgrid(a, b, a2)).toThrow(/vary keys together with zip/);
    expect(() => pgrid(a, zip(b, plist("a", [7, 8, 9])))).toThrow('key "a" is set by both plist 0 and plist 1');
  });

  it("refuses an empty plist among others, naming it", () => {
    expect(() => pgrid(a, plist("e", []), b)).toThrow("pgrid: plist 1 (of 3) is empty");
  });

  it("refuses bad calls and says what to write instead", () => {
    expect(() => pgrid([1, 2, 3] as never)).toThrow(/element 0 is 1, not a pset .* plist\("name", \[values\]\)/);
    expect(() => pgrid("abc" as never)).toThrow(/is the string "abc", not a plist/);
    expect(() => pgrid([a, { x: 1 }] as never)).toThrow(
      /mixing plists \(arrays\) and other values.*pgrid\(a, b\) or pgrid\(\[a, b\]\)/,
    );
    expect(() => pgrid(a, [b, c] as never)).toThrow(
      /argument 1 is a list of plists; pass either pgrid\(a, b, c\) or pgrid\(\[a, b, c\]\)/,
    );
    expect(() => pgrid({ a: 1 } as never)).toThrow(/not a plist \(an array of psets\)/);
  });

  it("never mutates its inputs and builds new objects", () => {
    const before = JSON.stringify([a, b]);
    const grid = pgrid(a, b);
    void grid[0]!.a;
    expect(JSON.stringify([a, b])).toBe(before);
    expect(grid[0]).not.toBe(a[0]);
  });
});

describe("zip", () => {
  it("pairs plists entry by entry", () => {
    expect(zip(plist("a", [1, 2]), plist("b", [3, 4]))).toEqual([
      { a: 1, b: 3 },
      { a: 2, b: 4 },
    ]);
    expect(zip([plist("a", [1]), plist("b", [3])])).toEqual([{ a: 1, b: 3 }]);
  });

  it("refuses unequal lengths instead of truncating", () => {
    expect(() => zip(a, b)).toThrow("zip: plists have different lengths [2, 3]");
  });

  it("refuses the same key twice", () => {
    expect(() => zip(a, plist("a", [3, 4]))).toThrow('key "a" is set by both plist 0 and plist 1');
  });
});

describe("itr2params", () => {
  it("merges each entry, nested arrays flattened", () => {
    const entries = [
      [{ a: 1 }, [{ b: 2 }, { c: 3 }]],
      [{ a: 4 }, [{ b: 5 }, { c: 6 }]],
    ];
    expect(itr2params(entries)).toEqual([
      { a: 1, b: 2, c: 3 },
      { a: 4, b: 5, c: 6 },
    ]);
  });

  it("takes any iterable, e.g. a generator of your own loops", () => {
    function* loops() {
      for (const x of [1, 2]) for (const y of ["u", "v"]) yield [{ x }, { y }];
    }
    expect(itr2params(loops())).toEqual(pgrid(plist("x", [1, 2]), plist("y", ["u", "v"])));
  });

  it("refuses psets with different keys and keys set twice", () => {
    expect(() => itr2params([[{ a: 1 }], [{ b: 1 }]])).toThrow("entry 1 has keys [b] but entry 0 has [a]");
    expect(() => itr2params([[{ a: 1 }, { a: 2 }]])).toThrow('entry 0 sets key "a" twice');
    expect(() => itr2params([[{ a: 1 }, 5]] as never)).toThrow("entry 0 holds 5");
  });
});

describe("stargrid", () => {
  const constants = { a: 1, b: 77, c: 11 };
  const vary = [plist("a", [1, 2, 3]), plist("c", [11, 12])];

  it("scans one parameter at a time around the constants, dropping repeats by hash", () => {
    expect(stargrid(constants, vary)).toEqual([
      { a: 1, b: 77, c: 11 },
      { a: 2, b: 77, c: 11 },
      { a: 3, b: 77, c: 11 },
      { a: 1, b: 77, c: 12 },
    ]);
  });

  it("keeps repeats with skipDups: false", () => {
    const params = stargrid(constants, vary, { skipDups: false });
    expect(params).toHaveLength(5);
    expect(params[3]).toEqual(constants);
  });

  it("labels each scan in _vary (not hashed), or in the column asked for", () => {
    const params = stargrid(constants, vary, { varyLabels: ["a", "c"] });
    expect(params.map((p) => p._vary)).toEqual(["a", "a", "a", "c"]);
    expect(psetHash(params[0]!)).toBe(psetHash(constants));
    const own = stargrid(constants, vary, { varyLabels: ["a", "c"], varyLabelCol: "_scan", skipDups: false });
    expect(own.map((p) => p._scan)).toEqual(["a", "a", "a", "c", "c"]);
  });

  it("takes multi-dimensional scans", () => {
    const params = stargrid(constants, [pgrid(plist("a", [5, 6]), plist("b", [0]))]);
    expect(params).toEqual([
      { a: 5, b: 0, c: 11 },
      { a: 6, b: 0, c: 11 },
    ]);
  });

  it("refuses a label count that does not match", () => {
    expect(() => stargrid(constants, vary, { varyLabels: ["a"] })).toThrow("1 varyLabels for 2 plists in vary");
    expect(() => stargrid(constants, plist("a", [1]) as never)).toThrow(/vary\[0\] is .*not a plist/);
  });
});

describe("mergeDicts", () => {
  it("merges left to right, later wins, into a new object", () => {
    const x = { a: 1, b: 2 };
    const merged = mergeDicts(x, { b: 3, c: 4 }, { d: 5 });
    expect(merged).toEqual({ a: 1, b: 3, c: 4, d: 5 });
    expect(Object.keys(merged)).toEqual(["a", "b", "c", "d"]);
    expect(x).toEqual({ a: 1, b: 2 });
    expect(mergeDicts([{ a: 1 }, { a: 2 }])).toEqual({ a: 2 });
    expect(mergeDicts()).toEqual({});
  });

  it("keeps a __proto__ key as data", () => {
    const merged = mergeDicts(JSON.parse('{"__proto__": {"x": 1}}'), { a: 1 });
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.keys(merged)).toEqual(["__proto__", "a"]);
  });

  it("refuses non-objects", () => {
    expect(() => mergeDicts({ a: 1 }, [1] as never)).toThrow(
      "mergeDicts: argument 1 is an array of length 1, not a plain object",
    );
  });
});

describe("filterParamsUnique / filterParamsDupHash", () => {
  const params = [{ a: 1 }, { a: 2 }, { a: 1, _note: "again" }, { a: 3 }, { a: 2 }];

  it("keeps the first pset of each hash, in order", () => {
    expect(filterParamsUnique(params)).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
  });

  it("drops psets whose hash is given", () => {
    expect(filterParamsDupHash(params, [psetHash({ a: 1 }), psetHash({ a: 3 })])).toEqual([{ a: 2 }, { a: 2 }]);
    expect(filterParamsDupHash(params, new Set())).toEqual(params);
  });
});

describe("intspace", () => {
  it("rounds half to even, as numpy", () => {
    // linspace(0, 5, 11) = 0, 0.5, 1, ..., 5 -> round half even: 0,0,1,2,2,2,3,4,4,4,5
    expect(intspace(0, 5, 11)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(intspace(0.5, 2.5, 2)).toEqual([0, 2]);
    expect(intspace(-2.5, -0.5, 2)).toEqual([-2, 0]);
    expect(intspace(1.5, 3.5, 2)).toEqual([2, 4]);
  });

  it("gives unique sorted integers, fewer than num when rounding merges", () => {
    expect(intspace(1, 10, 4)).toEqual([1, 4, 7, 10]);
    expect(intspace(1, 3, 10)).toEqual([1, 2, 3]);
    expect(intspace(10, 1, 4)).toEqual([1, 4, 7, 10]);
    expect(intspace(0, 1000, 5)).toEqual([0, 250, 500, 750, 1000]);
  });

  it("refuses bad arguments", () => {
    expect(() => intspace(0, NaN, 3)).toThrow("intspace: stop must be a finite number, got NaN");
    expect(() => intspace(0, 1, 2.5)).toThrow("intspace: num must be a non-negative integer, got 2.5");
  });
});

describe("linspace / logspace", () => {
  it("linspace matches numpy's start + i * step with an exact end", () => {
    expect(linspace(0, 1, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(0, 1, 3)[1]).toBe(0 + 1 * 0.5);
    expect(linspace(2, 3, 1)).toEqual([2]);
    expect(linspace(2, 3, 0)).toEqual([]);
  });

  it("logspace spans start..stop inclusive on a log scale", () => {
    expect(logspace(1, 1000, 4)).toEqual([1, 10, 100, 1000]);
    const xs = logspace(1, 1000, 50);
    expect(xs).toHaveLength(50);
    expect(xs[0]).toBe(1);
    expect(xs[49]).toBe(1000);
    expect(xs[1]! / xs[0]!).toBeCloseTo(xs[49]! / xs[48]!, 10);
  });

  it("offset makes the spacing more even; base changes the logarithm", () => {
    const plain = logspace(0.001, 10, 5);
    const shifted = logspace(0.001, 10, 5, { offset: 1 });
    expect(shifted[0]).toBe(0.001);
    expect(shifted[4]).toBe(10);
    // 10 ** linspace(log10(1.001), log10(11), 5) - 1
    const expected = linspace(Math.log10(1.001), Math.log10(11), 5).map((e) => 10 ** e - 1);
    for (let i = 1; i < 4; i++) expect(shifted[i]).toBeCloseTo(expected[i]!, 12);
    expect(shifted[1]! - shifted[0]!).toBeGreaterThan(plain[1]! - plain[0]!);
    const base2 = logspace(1, 16, 5, { base: 2 });
    [1, 2, 4, 8, 16].forEach((x, i) => expect(base2[i]).toBeCloseTo(x, 12));
  });

  it("refuses values the log cannot take", () => {
    expect(() => logspace(0, 10, 5)).toThrow("logspace: start + offset (0) and stop + offset (10) must be > 0");
    expect(() => logspace(1, 10, 5, { base: 1 })).toThrow("base must be > 0 and not 1");
  });
});

describe("filterCols", () => {
  const cols = ["a", "_pset_id", "b_", "_x_", "result"];
  it("picks columns by kind, order kept", () => {
    expect(filterCols(cols, "pset")).toEqual(["a", "result"]);
    expect(filterCols(cols, "prefix")).toEqual(["_pset_id", "_x_"]);
    expect(filterCols(cols, "postfix")).toEqual(["b_", "_x_"]);
    expect(filterCols(cols, "special")).toEqual(["_pset_id", "b_", "_x_"]);
    // Python psweep's short kinds
    expect(filterCols(cols, "pre")).toEqual(["_pset_id", "_x_"]);
    expect(filterCols(cols, "post")).toEqual(["b_", "_x_"]);
    expect(() => filterCols(cols, "book" as never)).toThrow(
      'unknown kind "book"; use one of "pset", "prefix", "pre", "postfix", "post", "special"',
    );
  });
});
