// Inputs that used to surface as a raw TypeError or RangeError (stack
// overflow): each is a PsweepError naming the key path, raised before func
// runs or anything is written.

import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  PsweepError,
  PsweepHashError,
  PsweepRunError,
  dfExtractDicts,
  dfRead,
  grid,
  pgrid,
  plist,
  psetHash,
  run,
} from "./helpers/psweep.js";
import { tmpDir } from "./helpers/tmp.js";
import { rejection } from "./helpers/failure.js";

/** {a: {a: ... {leaf: 1}}}, `depth` objects deep, built without recursion. */
function nested(depth: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let at = root;
  for (let i = 1; i < depth; i++) {
    const next: Record<string, unknown> = {};
    at.a = next;
    at = next;
  }
  at.leaf = 1;
  return root;
}

describe("plist with values no column can hold", () => {
  it('plist("a", [1n]) is a PsweepError naming the key, and so is a bigint, function or symbol deeper down', async () => {
    const error = await rejection(() => plist("a", [1n as never]));
    expect(error).toBeInstanceOf(PsweepHashError);
    expect(error.message).toBe(
      'plist("a", ...): value 0: cannot store 1n (a bigint) at pset key "a": only plain objects, arrays, strings, finite numbers, booleans and null can be hashed',
    );
    expect((await rejection(() => plist("a", [1, { b: [0, 2n] } as never]))).message).toMatch(
      /^plist\("a", \.\.\.\): value 1: cannot store 2n \(a bigint\) at pset key "a\.b\[1\]"/,
    );
    expect((await rejection(() => plist("f", [() => 1] as never))).message).toMatch(
      /value 0: cannot store a function at pset key "f"/,
    );
    expect((await rejection(() => plist("s", [Symbol("x")] as never))).message).toMatch(
      /value 0: cannot store Symbol\(x\) at pset key "s"/,
    );
    // what a column holds is still fine: numbers of any kind, Dates, nested JSON
    expect(plist("a", [Number.NaN, new Date(0), { b: [1, null] }] as never)).toHaveLength(3);
    // and so the grids built from plists never meet a bigint
    expect(await rejection(() => grid(plist("a", [1n as never]), plist("b", [1])).toArrow())).toBeInstanceOf(
      PsweepHashError,
    );
  });

  it("a bigint under a key the hash leaves out (_x) is refused by run() before func is called and before anything is written", async () => {
    const calcDir = `${tmpDir()}/calc`;
    let calls = 0;
    const error = await rejection(() => run(() => (calls++, {}), [{ a: 1 }, { a: 2, _d: 1n as never }], { calcDir }));
    expect(error).toBeInstanceOf(PsweepHashError);
    expect(error.message).toMatch(/^run: params\[1\]: cannot store 1n \(a bigint\) at pset key "_d"/);
    expect(calls).toBe(0);
    expect(existsSync(calcDir)).toBe(false);
    // a Date there is stored as before
    const df = await run(() => ({}), [{ a: 1, _d: new Date(5) as never }], { calcDir });
    expect(dfExtractDicts(df)[0]!._d).toEqual(new Date(5));
  });
});

describe("values nested deeper than the stack", () => {
  const deep = nested(100_000);

  it("a pset nested 10^5 deep: psetHash and run() give a PsweepHashError naming the key path, func is not called, nothing is written", async () => {
    const hashError = await rejection(() => psetHash({ x: deep as never }));
    expect(hashError).toBeInstanceOf(PsweepHashError);
    expect(hashError.message).toMatch(
      /^cannot hash an object with keys \["a"\] at pset key "x\.a\.a[.a]*\.\.\.[.a]+": it is nested more than 500 levels deep/,
    );
    const calcDir = `${tmpDir()}/calc`;
    let calls = 0;
    const error = await rejection(() => run(() => (calls++, {}), [{ x: 1 }, { x: deep as never }], { calcDir }));
    expect(error).toBeInstanceOf(PsweepHashError);
    expect(error.message).toMatch(/^run: params\[1\]: cannot hash .* at pset key "x\.a\.a/);
    expect(calls).toBe(0);
    expect(existsSync(calcDir)).toBe(false);
    // the same under a key the hash leaves out, and in pgrid's merge and a plist
    expect((await rejection(() => run(() => ({}), [{ _x: deep as never }], { calcDir }))).message).toMatch(
      /^run: params\[0\]: cannot store .* at pset key "_x\.a\.a/,
    );
    expect(await rejection(() => plist("x", [deep as never]))).toBeInstanceOf(PsweepHashError);
    expect(existsSync(calcDir)).toBe(false);
  });

  it("a result nested 10^5 deep fails its pset with a PsweepError naming the result key; the psets before it are kept", async () => {
    const calcDir = `${tmpDir()}/calc`;
    const error = await rejection(() =>
      run((p: { a: number }) => (p.a === 1 ? { r: 1 } : { r: deep }), pgrid(plist("a", [1, 2])), { calcDir }),
    );
    expect(error).toBeInstanceOf(PsweepRunError);
    expect((error as PsweepRunError).cause).toBeInstanceOf(PsweepError);
    expect(error.message).toMatch(
      /a value that cannot be stored: .* at pset key "r\.a\.a.*nested more than 500 levels deep/,
    );
    expect(dfExtractDicts(await dfRead(`${calcDir}/database.arrow`)).map((row) => row.r)).toEqual([1]);
  });

  it("400 levels is fine: it hashes, runs and reads back", async () => {
    const calcDir = `${tmpDir()}/calc`;
    const value = nested(400);
    const df = await run(() => ({ r: value as never }), [{ x: value as never }], { calcDir });
    const [row] = dfExtractDicts(await dfRead(`${calcDir}/database.arrow`));
    expect(row!.x).toEqual(value);
    expect(row!.r).toEqual(value);
    expect(row!._pset_hash).toBe(psetHash({ x: value as never }));
    expect(dfExtractDicts(df)[0]!._pset_hash).toBe(row!._pset_hash);
  });
});
