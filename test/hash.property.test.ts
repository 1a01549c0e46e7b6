// The wasm core and the plain reference agree on random psets: nested
// objects and arrays, keys and strings from all of Unicode (astral
// characters included), doubles across the whole range, -0, empty strings.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { grid, psetHash, psetHashes, type Pset } from "../src/index.js";
import { psetHashRef } from "./reference/psetHashRef.js";

const key = fc.oneof(
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.constantFrom("", "_", "a_", "_a", "10", "9", "\u{1f600}", "\uff61"),
);
const scalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(0, -0, Number.MAX_VALUE, Number.MIN_VALUE, 1e21, 1e-7, 0.1 + 0.2, 2 ** 53),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constant(""),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(key, tie("value"), { maxKeys: 4 }),
}));
const pset = fc.dictionary(key, fc.oneof(value, fc.constant(undefined)), { maxKeys: 8 });

describe("core hash vs reference", () => {
  it("agree on 10,000 random psets, one at a time and in batches", () => {
    const samples = fc.sample(pset, { numRuns: 10_000, seed: 20261126 });
    const batch = psetHashes(samples as never);
    samples.forEach((p, i) => expect(batch[i], JSON.stringify(p)).toBe(psetHashRef(p)));
    // one at a time, on a subset (same code path with a batch of one)
    for (const p of samples.slice(0, 500)) expect(psetHash(p as never)).toBe(psetHashRef(p));
  });

  it("agree on random psets under every option (property)", () => {
    fc.assert(
      fc.property(pset, fc.boolean(), fc.boolean(), (p, skipPrefixCols, skipPostfixCols) => {
        const options = { skipPrefixCols, skipPostfixCols };
        expect(psetHash(p as never, options)).toBe(psetHashRef(p, options));
      }),
      { numRuns: 2000 },
    );
  });

  it("the grid kernel agrees with the reference on random grids", () => {
    const plistArb = fc
      .tuple(fc.string({ unit: "binary", minLength: 1, maxLength: 8 }), fc.array(value, { minLength: 1, maxLength: 5 }))
      .filter(([name]) => name !== "__proto__");
    const gridArb = fc.uniqueArray(plistArb, { minLength: 0, maxLength: 5, selector: ([name]) => name });
    fc.assert(
      fc.property(gridArb, (spec) => {
        const g = grid(spec.map(([name, values]) => values.map((v) => ({ [name]: v }) as Pset)));
        const psets = g.toArray();
        expect(g.hashes()).toEqual(psets.map((p) => psetHashRef(p)));
      }),
      { numRuns: 500 },
    );
  });

  it("agree on runs of psets that share keys and values (what the batch remembers between psets)", () => {
    // Psets drawn from a few shapes and a few values per key, as in a study:
    // consecutive psets mostly have the last one's keys, in the same or
    // another order, and repeat values (small integers, -0, shared objects).
    const keyArb = fc.oneof(fc.constantFrom("a", "b", "_c", "d_", "10", "9", "\u{1f600}", ""), key);
    const valueArb = fc.oneof(
      fc.integer({ min: -2, max: 1100 }),
      fc.constantFrom(-0, 0.5, 2 ** 32 - 1, 2 ** 32, 1e21, null, undefined, "x", 'q"', [1, -0], { y: 1 }),
      value,
    );
    const study = fc
      .record({
        keys: fc.uniqueArray(keyArb, { minLength: 0, maxLength: 6 }),
        pools: fc.array(fc.array(valueArb, { minLength: 1, maxLength: 4 }), { minLength: 6, maxLength: 6 }),
        picks: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat({ max: 9 })), {
          minLength: 1,
          maxLength: 400,
          size: "max",
        }),
      })
      .map(({ keys, pools, picks }) =>
        picks.map(([pick, shuffle, drop]) => {
          // drop 9: a key left out; shuffle: the keys in another order, now and then
          const order = shuffle % 7 === 0 ? [...keys].reverse() : keys;
          const pset: Record<string, unknown> = {};
          order.forEach((k, i) => {
            if (drop === 9 && i === pick % order.length) return;
            const pool = pools[i]!;
            pset[k] = pool[(pick >> i) % pool.length];
          });
          return pset;
        }),
      );
    for (const psets of fc.sample(study, { numRuns: 300, seed: 20261202 })) {
      expect(psetHashes(psets as never)).toEqual(psets.map((p) => psetHashRef(p)));
    }
    // and across the batch's slices: one long run
    const long = fc.sample(study, { numRuns: 120, seed: 7 }).flat();
    expect(long.length).toBeGreaterThan(16384);
    expect(psetHashes(long as never)).toEqual(long.map((p) => psetHashRef(p)));
  });

  it("handles messages of every length around the SHA-1 block boundaries", () => {
    // canonical {"s":"xxx..."} has length n + 8: cover 0..300 bytes and lane mixes
    const psets = Array.from({ length: 300 }, (_, n) => ({ s: "x".repeat(n) }));
    expect(psetHashes(psets)).toEqual(psets.map((p) => psetHashRef(p)));
  });
});
