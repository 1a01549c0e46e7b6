import { describe, expect, it } from "vitest";
import { Dictionary, Int32, LargeUtf8, Utf8, makeVector, vectorFromArray } from "apache-arrow";
import { psetHash } from "psweep";
import { KnownHashes } from "../src/run/knownHashes.js";

const hashes = Array.from({ length: 1000 }, (_, i) => psetHash({ a: i }));
const others = Array.from({ length: 1000 }, (_, i) => psetHash({ a: i, b: 1 }));

describe("KnownHashes: the hashes of a database's _pset_hash column, for skipDups", () => {
  it("knows every hash of a column and none other, through growth past its first room", () => {
    const known = KnownHashes.of(vectorFromArray(hashes.slice(0, 600), new Utf8()));
    for (const hash of hashes.slice(600)) known.add(hash);
    expect(known.size).toBe(1000);
    expect(hashes.every((hash) => known.has(hash))).toBe(true);
    expect(others.filter((hash) => known.has(hash))).toEqual([]);
  });

  it("counts a repeated hash once", () => {
    const known = KnownHashes.of(vectorFromArray([hashes[0], hashes[1], hashes[0], hashes[0]], new Utf8()));
    expect(known.size).toBe(2);
  });

  it("skips nulls and values that no psweep hash can equal (uppercase, short, not hex), in slices and chunks", () => {
    const upper = hashes[3]!.toUpperCase();
    const column = vectorFromArray(
      [hashes[0], null, "x", upper, `${hashes[1]}0`, hashes[2]!.replace(/.$/, "g"), hashes[4], "é".repeat(20)],
      new Utf8(),
    );
    const chunked = column.slice(1).concat(vectorFromArray([hashes[5]], new Utf8()));
    const known = KnownHashes.of(chunked);
    expect([0, 1, 2, 3, 4, 5].map((i) => known.has(hashes[i]!))).toEqual([false, false, false, false, true, true]);
    expect(known.size).toBe(2);
    expect(known.has(upper)).toBe(false);
    expect(known.has("")).toBe(false);
  });

  it("reads a column another tool wrote as large utf8 or as a dictionary", () => {
    const large = vectorFromArray([hashes[7], hashes[8], null], new LargeUtf8());
    expect([7, 8, 9].map((i) => KnownHashes.of(large).has(hashes[i]!))).toEqual([true, true, false]);
    const dictionary = makeVector({
      type: new Dictionary(new Utf8(), new Int32()),
      data: Int32Array.from([1, 0, 1]),
      dictionary: vectorFromArray([hashes[10], hashes[11]], new Utf8()),
    } as never);
    const known = KnownHashes.of(dictionary);
    expect([known.has(hashes[10]!), known.has(hashes[11]!), known.has(hashes[12]!), known.size]).toEqual([
      true,
      true,
      false,
      2,
    ]);
  });

  it("is empty without a column", () => {
    expect(KnownHashes.of(undefined).has(hashes[0]!)).toBe(false);
    expect(new KnownHashes().size).toBe(0);
  });
});
