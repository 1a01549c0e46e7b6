import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import {
  HASH_SCHEME,
  PsweepHashError,
  canonicalPset,
  grid,
  plist,
  psetHash,
  psetHashes,
  type Pset,
} from "../src/index.js";
import { psetHashRef } from "./reference/psetHashRef.js";
import { hexOfDigests, sha1HexOfBytes } from "../src/core/sha1.js";
import { HASH_VECTORS } from "./vectors.js";

describe("psetHash", () => {
  it.each(HASH_VECTORS)("%j hashes to the SPEC vector %s", (pset, hash) => {
    expect(psetHash(pset as never)).toBe(hash);
    expect(psetHashRef(pset)).toBe(hash);
  });

  it("hashes a batch to the same values, in order", () => {
    const psets = HASH_VECTORS.map(([pset]) => pset);
    expect(psetHashes(psets as never)).toEqual(HASH_VECTORS.map(([, hash]) => hash));
  });

  it("names the scheme", () => {
    expect(HASH_SCHEME).toBe("jcs-sha1-v1");
  });

  it("serializes RFC 8785 canonical JSON", () => {
    expect(canonicalPset({ b: [1, { z: null, y: -0 }], a: "\u00e4\n", _c: 1, "10": 1, "9": 2 })).toBe(
      '{"10":1,"9":2,"a":"ä\\n","b":[1,{"y":0,"z":null}]}',
    );
    expect(canonicalPset({ a: 1e21, b: 1e-7, c: 123456789012345680000, d: 5e-324 })).toBe(
      '{"a":1e+21,"b":1e-7,"c":123456789012345680000,"d":5e-324}',
    );
  });

  it("sorts keys by UTF-16 code units, not code points", () => {
    // U+FF61 sorts after U+1F600 in code points but before it in UTF-16 units (0xD83D < 0xFF61)
    expect(canonicalPset({ "\uff61": 1, "\u{1f600}": 2 })).toBe('{"\u{1f600}":2,"\uff61":1}');
  });

  it("leaves out top-level null and undefined, so adding a parameter keeps old hashes", () => {
    expect(psetHash({ a: 1, b: null })).toBe(psetHash({ a: 1 }));
    expect(psetHash({ a: 1, b: undefined })).toBe(psetHash({ a: 1 }));
    expect(psetHash({ a: { b: null } })).not.toBe(psetHash({ a: {} }));
    expect(psetHash({ a: { b: undefined } } as never)).toBe(psetHash({ a: {} }));
  });

  it("switches the prefix and postfix rules off on request", () => {
    const pset = { a: 1, _b: 2, c_: 3 };
    expect(psetHash(pset, { skipPrefixCols: false })).toBe(psetHashRef({ a: 1, _b: 2 }, { skipPrefixCols: false }));
    expect(psetHash(pset, { skipPrefixCols: false })).not.toBe(psetHash(pset));
    expect(psetHash(pset, { skipPostfixCols: false })).toBe(psetHashRef({ a: 1, c_: 3 }, { skipPostfixCols: false }));
    expect(psetHash(pset, { skipPrefixCols: false, skipPostfixCols: false })).toBe(
      psetHashRef(pset, { skipPrefixCols: false, skipPostfixCols: false }),
    );
  });

  class Point {
    x = 1;
  }
  const bad: Array<[string, Record<string, unknown>, RegExp]> = [
    ["NaN", { a: NaN }, /NaN at pset key "a": use a finite number/],
    ["Infinity", { a: { b: [Infinity] } }, /Infinity at pset key "a\.b\[0\]"/],
    ["-Infinity", { a: -Infinity }, /-Infinity at pset key "a"/],
    ["bigint", { n: 10n }, /10n \(a bigint\) at pset key "n"/],
    ["Date", { t: new Date(0) }, /an instance of Date at pset key "t".*toISOString/],
    ["function", { f: () => 1 }, /a function \(f\) at pset key "f"/],
    ["class instance", { p: new Point() }, /an instance of Point at pset key "p"/],
    ["typed array", { v: new Float64Array(2) }, /an instance of Float64Array at pset key "v"/],
    ["Map", { m: new Map() }, /an instance of Map at pset key "m"/],
    ["undefined in an array", { a: [1, undefined] }, /undefined at pset key "a\[1\]": arrays cannot hold undefined/],
    // eslint-disable-next-line no-sparse-arrays -- the hole is the case under test
    ["hole in an array", { a: [1, , 3] }, /undefined at pset key "a\[1\]"/],
    ["symbol", { s: Symbol("x") }, /Symbol\(x\) at pset key "s"/],
    ["lone surrogate", { s: "a\ud800b" }, /lone UTF-16 surrogate/],
    ["lone surrogate in a key", { "k\udc00": 1 }, /lone UTF-16 surrogate/],
  ];
  it.each(bad)("refuses %s with a PsweepHashError naming key and value", (_, pset, message) => {
    expect(() => psetHash(pset as never)).toThrow(PsweepHashError);
    expect(() => psetHash(pset as never)).toThrow(message);
  });

  it("refuses a cycle instead of overflowing the stack", () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => psetHash({ a } as never)).toThrow(/contains itself/);
  });

  it("refuses a pset that is not a plain object", () => {
    expect(() => psetHash([1, 2] as never)).toThrow(/a pset must be a plain object/);
    expect(() => psetHashes([{ a: 1 }, null] as never)).toThrow(/a pset must be a plain object.*null/);
    // also when it has the keys of the pset before (none, or the same): the keys are not all that is checked
    class Point {
      constructor(readonly a = 1) {}
    }
    for (const before of [[], [{}], [{ a: 1 }], [{ a: 1 }, { a: 2 }]]) {
      for (const bad of [new Point(), new Date(0), [], new Map()]) {
        expect(() => psetHashes([...before, bad] as never)).toThrow(/a pset must be a plain object/);
        for (const pset of before) psetHash(pset);
        expect(() => psetHash(bad as never)).toThrow(/a pset must be a plain object/);
      }
    }
    const [empty, a1] = ["bf21a9e8fbc5a3846fb05b4fa0859e0917b2202f", "9f89c740ceb46d7418c924a78ac57941d5e96520"];
    const bare = (pset: Pset): Pset => Object.assign(Object.create(null) as Pset, pset);
    expect(psetHashes([{}, bare({}), { a: 1 }, bare({ a: 1 })])).toEqual([empty, empty, a1, a1]);
  });

  it("hashes a value-less key of a skipped kind without checking it", () => {
    // book-keeping columns may hold anything: they are not hashed
    expect(psetHash({ a: 1, _t: new Date(0) } as never)).toBe(psetHash({ a: 1 }));
  });
});

describe("psetHash across SHA-1 block boundaries", () => {
  // A pset hashed alone takes the core's one-message path, psetHashes the
  // four-lane one: both must pad every length alike (55/56 and 119/120
  // bytes are where the padding spills into another block).
  it("agrees with the reference and psetHashes for canonical texts of 8 to 300 bytes", () => {
    const psets = Array.from({ length: 293 }, (_, n) => ({ a: "x".repeat(n) }));
    const batch = psetHashes(psets);
    psets.forEach((pset, n) => {
      expect(canonicalPset(pset).length).toBe(n + 8);
      expect(psetHash(pset)).toBe(psetHashRef(pset));
      expect(batch[n]).toBe(psetHashRef(pset));
    });
  });

  it("keeps hashing right after the core's memory grows", () => {
    const big = { a: "y".repeat(3_000_000) };
    const small = { b: 1 };
    expect(psetHash(small)).toBe(psetHashRef(small));
    expect(psetHash(big)).toBe(psetHashRef(big));
    expect(psetHash(small)).toBe(psetHashRef(small));
  });

  it("psetHashes grows its buffers mid-batch for long values of every kind", () => {
    const psets = [
      { a: 1, b: "x" },
      { a: 2, b: "y".repeat(200_000) },
      { a: 3, b: "é".repeat(70_000) },
      { a: 4, b: { c: ["z".repeat(100_000)] } },
      { a: -5, b: "\u{1f600}".repeat(40_000) },
      { a: 6, b: "w" },
    ];
    expect(psetHashes(psets)).toEqual(psets.map((p) => psetHashRef(p)));
  });
});

describe("psetHashes on integers and strings it writes without canonicalJson", () => {
  it("agrees with the reference on 32-bit edges, -0, and strings with quotes, controls and non-ASCII", () => {
    const values = [
      0,
      -0,
      1,
      -1,
      9,
      10,
      -10,
      99,
      100,
      1023,
      1024,
      2 ** 32 - 1,
      2 ** 31 - 1,
      -(2 ** 31),
      2 ** 31,
      -(2 ** 31) - 1,
      1e21,
      0.5,
      -1e-7,
      "",
      "a",
      'say "hi"',
      "back\\slash",
      "tab\there",
      "\u007f",
      "é",
      "\u{1f600}",
      "a\u2028b",
    ];
    const psets = values.flatMap((v) => [{ v }, { a: 1, v, z: "end" }]);
    expect(psetHashes(psets)).toEqual(psets.map((p) => psetHashRef(p)));
    expect(psets.map((p) => psetHash(p))).toEqual(psets.map((p) => psetHashRef(p)));
  });
});

describe("psetHashes over psets that share values", () => {
  // Each distinct (key, value) of a batch is serialized once and reused: a
  // value must never be reused under another key, type or batch.
  it("agrees with the reference across keys, types, shapes, shared objects and batch boundaries", () => {
    const shared = { x: [1, 2], y: "s" };
    const psets: Pset[] = [];
    for (let i = 0; i < 2600; i++) {
      const v = i % 7;
      if (i % 5 === 0) psets.push({ a: v, b: v, c: String(v), d: shared });
      else if (i % 5 === 1) psets.push({ b: v, a: String(v), e: null, d: [shared, v] });
      else if (i % 5 === 2) psets.push({ a: v === 0 ? -0 : v / 3, z: undefined, _skip: i, keep_: i });
      else if (i % 5 === 3) psets.push({ c: v, a: true, b: false });
      else
        psets.push({ a: v, d: { ...shared, y: `s${v}` }, id: i, long: "é".repeat(30 + v), ascii: "x".repeat(30 + v) });
    }
    expect(psetHashes(psets)).toEqual(psets.map((p) => psetHashRef(p)));
    expect(psetHashes(psets, { skipPrefixCols: false, skipPostfixCols: false })).toEqual(
      psets.map((p) => psetHashRef(p, { skipPrefixCols: false, skipPostfixCols: false })),
    );
  });

  it("sees an object changed between two calls", () => {
    const shared = { x: 1 };
    const psets = [{ a: shared }, { a: shared }];
    const before = psetHashes(psets);
    shared.x = 2;
    expect(psetHashes(psets)).toEqual(psets.map((p) => psetHashRef(p)));
    expect(psetHashes(psets)[0]).not.toBe(before[0]);
  });
});

describe("sha1HexOfBytes (the fingerprints of database files)", () => {
  it("is SHA-1 of the bytes, across block boundaries and the core's memory growing, between single-text hashes", () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 65_536, 300_000]) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 7 + (i >> 8)) & 255);
      expect(sha1HexOfBytes(bytes)).toBe(createHash("sha1").update(bytes).digest("hex"));
      expect(psetHash({ a: n })).toBe(psetHashRef({ a: n }));
    }
  });
});

describe("hexOfDigests (the core's hex, decoded 1,024 digests at a time)", () => {
  it("gives every digest its lowercase hex, across the decode runs and the core's chunks", () => {
    for (const count of [0, 1, 1023, 1024, 1025, 16_384 + 2049]) {
      const digests = new Uint8Array(20 * count).map((_, i) => (i * 131 + (i >> 9)) & 255);
      const expected = Array.from({ length: count }, (_, j) =>
        Buffer.from(digests.subarray(20 * j, 20 * j + 20)).toString("hex"),
      );
      expect(hexOfDigests(digests)).toEqual(expected);
    }
  });

  it("gives a grid's hashes across the decode runs and the core's chunks as the reference", () => {
    const g = grid(
      plist("a", [1, 2, 3]),
      plist("b", ["x", "ü", 'q"']),
      plist(
        "c",
        Array.from({ length: 1900 }, (_, i) => i / 7),
      ),
    );
    const psets = g.toArray();
    expect(g.hashes()).toEqual(psets.map((p) => psetHashRef(p)));
  });
});
