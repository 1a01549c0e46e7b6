// Keys JavaScript treats specially (constructor, toString, hasOwnProperty,
// __proto__) are ordinary keys: as pset keys, result keys and nested keys they
// round-trip through run(), dfRead and dfExtractDicts/dfExtractParams, and hash
// as the README's recipe says (SHA-1 of the RFC 8785 bytes).

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { dfExtractDicts, dfExtractParams, dfExtractPset, dfRead, psetHash, run } from "./helpers/psweep.js";
import { psetHashRef } from "./reference/psetHashRef.js";
import { tmpDir } from "./helpers/tmp.js";

const SPECIAL = ["constructor", "toString", "hasOwnProperty", "__proto__"] as const;

// JSON.parse makes "__proto__" an own key (an object literal would set the prototype).
const PSET_TEXT =
  '{"constructor":1,"toString":"x","hasOwnProperty":true,"__proto__":4,' +
  '"n":{"__proto__":{"constructor":5},"toString":[1,{"hasOwnProperty":null}],"valueOf":"v"}}';
// The same pset in RFC 8785 form, written out by hand: keys sorted by UTF-16 code units;
// the top-level "__proto__" starts with "_", so it is left out as any such key is.
const PSET_CANONICAL =
  '{"constructor":1,"hasOwnProperty":true,' +
  '"n":{"__proto__":{"constructor":5},"toString":[1,{"hasOwnProperty":null}],"valueOf":"v"},"toString":"x"}';
// Results may not repeat a parameter's key: other Object.prototype names here
// (each of SPECIAL as a result key is tested on its own below).
const RESULT_TEXT =
  '{"valueOf":11,"isPrototypeOf":"t","toLocaleString":false,"__lookupGetter__":{"polluted":1},' +
  '"deep":{"__proto__":[1],"constructor":{"toString":2},"hasOwnProperty":{"__proto__":null}}}';

const pset = () => JSON.parse(PSET_TEXT) as Record<string, never>;
const sha1 = (text: string) => createHash("sha1").update(Buffer.from(text, "utf8")).digest("hex");
/** Own entries, recursively: compares objects with an own "__proto__" exactly. */
const entries = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(entries);
  if (typeof value === "object" && value !== null && !(value instanceof Date)) {
    return Object.getOwnPropertyNames(value).map((key) => [
      key,
      entries(Object.getOwnPropertyDescriptor(value, key)!.value),
    ]);
  }
  return value;
};
const pick = (row: Record<string, unknown>, keys: readonly string[]) =>
  keys.map((key) => [key, entries(Object.getOwnPropertyDescriptor(row, key)?.value)]);

describe("keys named like Object.prototype members", () => {
  it("hash as SPEC §3 says: SHA-1 of the RFC 8785 bytes, as the reference hasher and node's crypto compute them", () => {
    expect(psetHash(pset())).toBe(sha1(PSET_CANONICAL));
    expect(psetHash(pset())).toBe(psetHashRef(pset()));
    // each key on its own is hashed as a key, not looked up on the prototype
    for (const key of SPECIAL) {
      const one = JSON.parse(`{${JSON.stringify(key)}:7}`) as Record<string, never>;
      expect(psetHash(one)).toBe(sha1(key.startsWith("_") ? "{}" : `{${JSON.stringify(key)}:7}`));
      expect(psetHash({ n: one })).toBe(sha1(`{"n":{${JSON.stringify(key)}:7}}`));
    }
  });

  it("as pset keys, result keys and nested keys: func sees them, and they round-trip through run(), the file, dfRead and dfExtract*", async () => {
    const calcDir = `${tmpDir()}/calc`;
    let seen = "";
    const df = await run(
      (p: Record<string, unknown>) => {
        seen = JSON.stringify(
          Object.fromEntries(Object.entries(p).filter(([k]) => !k.startsWith("_") || k === "__proto__")),
        );
        expect(Object.getPrototypeOf(p)).toBe(Object.prototype);
        return JSON.parse(RESULT_TEXT) as Record<string, never>;
      },
      [pset()],
      { calcDir },
    );
    // func got the pset with every key its own, and its values as given
    expect(seen).toBe(PSET_TEXT);
    const expectedPset = entries(pset());
    const expectedResult = entries(JSON.parse(RESULT_TEXT));
    const resultKeys = Object.keys(JSON.parse(RESULT_TEXT) as object);
    const psetKeys = Object.keys(pset());
    for (const table of [
      df,
      await dfRead(`${calcDir}/database.arrow`),
      tableFromIPC(readFileSync(`${calcDir}/database.arrow`)),
    ]) {
      const [row] = dfExtractDicts(table);
      expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
      expect(pick(row!, psetKeys)).toEqual(expectedPset);
      expect(pick(row!, resultKeys)).toEqual(expectedResult);
      expect(row!._pset_hash).toBe(sha1(PSET_CANONICAL));
      expect(entries(dfExtractParams(table)[0])).toEqual(expectedPset);
      expect(entries(dfExtractPset(table, row!._pset_id as string))).toEqual(expectedPset);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // a second run finds the pset by its hash and skips it
    let calls = 0;
    const again = await run(() => (calls++, {}), dfExtractParams(df), { calcDir, skipDups: true });
    expect(calls).toBe(0);
    expect(again.numRows).toBe(1);
  });

  it.each(SPECIAL)("a result key %s is not taken for a parameter of the pset", async (key) => {
    const calcDir = `${tmpDir()}/calc`;
    const result = JSON.parse(`{${JSON.stringify(key)}:1}`) as Record<string, never>;
    const nested = JSON.parse(`{"n":{${JSON.stringify(key)}:{${JSON.stringify(key)}:[2]}}}`) as Record<string, never>;
    // the second pset's result lacks the key: its cell is null, not Object.prototype's member
    const df = await run(
      (p: { a: number }) => (p.a === 1 ? { ...result, ...nested } : { other: 1 }),
      [{ a: 1 }, { a: 2 }],
      { calcDir },
    );
    for (const table of [df, await dfRead(`${calcDir}/database.arrow`)]) {
      const rows = dfExtractDicts(table);
      expect(pick(rows[0]!, [key, "n"])).toEqual([
        [key, 1],
        ["n", entries(nested.n)],
      ]);
      expect(pick(rows[1]!, [key, "n", "other"])).toEqual([
        [key, null],
        ["n", null],
        ["other", 1],
      ]);
      expect(rows.map((row) => row.a)).toEqual([1, 2]);
      expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
    }
  });

  it.each(SPECIAL)("a result key %s that IS a parameter of the pset is still refused", async (key) => {
    const calcDir = `${tmpDir()}/calc`;
    const both = JSON.parse(`{${JSON.stringify(key)}:1}`) as Record<string, never>;
    await expect(run(() => both, [both], { calcDir })).rejects.toThrow(
      `the key ${JSON.stringify(key)}, a parameter of the pset`,
    );
  });
});

describe("builders keep such keys as own keys", () => {
  it("itr2params merges an entry with a __proto__ or constructor key into own keys, and finds real duplicates only", async () => {
    const { itr2params } = await import("./helpers/psweep.js");
    const part = JSON.parse('{"__proto__":{"x":1},"constructor":2}') as Record<string, never>;
    const [merged] = itr2params([[part, { a: 1 }]]);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(entries(merged)).toEqual([
      ["__proto__", [["x", 1]]],
      ["constructor", 2],
      ["a", 1],
    ]);
    expect(() => itr2params([[{ toString: 1 }, { toString: 2 }]])).toThrow('sets key "toString" twice');
  });
});
