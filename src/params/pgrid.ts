import { PsweepError } from "../errors.js";
import type { Pset } from "../types.js";
import { Grid } from "./grid.js";
import { GridCore } from "./gridCore.js";
import type { MergePlists, Simplify } from "./types.js";
import { assertDisjointKeys, assertPlist, mergePsets, plistArgs } from "./validate.js";

type Plists = readonly (readonly Pset[])[];

/**
 * The cartesian product of plists as a columnar Grid: nothing per pset is
 * built until asked for. Same arguments as pgrid.
 */
export function grid<const T extends Plists>(...plists: T): Grid<Simplify<MergePlists<T>>>;
export function grid<const T extends Plists>(plists: T): Grid<Simplify<MergePlists<T>>>;
export function grid(...args: unknown[]): Grid {
  return new Grid(gridAxes(args));
}

/** The plists of a grid() or pgrid() call, checked. */
function gridAxes(args: unknown[]): readonly Pset[][] {
  const plists = plistArgs(args, "pgrid");
  const names = plists.map((_, i) => `plist ${i}`);
  plists.forEach((plist, i) => {
    assertPlist(plist, `pgrid: ${names[i]}`);
    if (plist.length === 0) {
      throw new PsweepError(
        `pgrid: ${names[i]} (of ${plists.length}) is empty, which would make the whole grid empty; remove it or give it values`,
      );
    }
  });
  assertDisjointKeys(
    plists,
    names,
    "a key may vary in one plist only (vary keys together with zip(a, b), or rename one)",
  );
  return plists;
}

/**
 * The cartesian product of plists, each combination merged into one pset,
 * the last plist varying fastest: pgrid(plist("a", [1, 2]), plist("b", [3, 4]))
 * is [{a:1,b:3}, {a:1,b:4}, {a:2,b:3}, {a:2,b:4}]. Also pgrid([a, b]) and a
 * bare pgrid(a). An entry may be zip(c, d).
 */
export function pgrid<const T extends Plists>(...plists: T): Array<Simplify<MergePlists<T>>>;
export function pgrid<const T extends Plists>(plists: T): Array<Simplify<MergePlists<T>>>;
export function pgrid(...args: unknown[]): Pset[] {
  // Without the Arrow part of Grid: a bundle of pgrid stays free of apache-arrow.
  return new GridCore(gridAxes(args)).toArray();
}

/**
 * Varies plists together: zip(plist("a", [1, 2]), plist("b", [3, 4])) is
 * [{a:1,b:3}, {a:2,b:4}]. Unequal lengths are an error (never truncated).
 */
export function zip<const T extends Plists>(...plists: T): Array<Simplify<MergePlists<T>>>;
export function zip<const T extends Plists>(plists: T): Array<Simplify<MergePlists<T>>>;
export function zip(...args: unknown[]): Pset[] {
  const plists = plistArgs(args, "zip");
  const names = plists.map((_, i) => `plist ${i}`);
  plists.forEach((plist, i) => assertPlist(plist, `zip: ${names[i]}`));
  const lengths = plists.map((plist) => plist.length);
  if (new Set(lengths).size > 1) {
    throw new PsweepError(
      `zip: plists have different lengths [${lengths.join(", ")}]; zip pairs their entries one to one, so give them equal lengths ` +
        `(use pgrid for all combinations)`,
    );
  }
  assertDisjointKeys(plists, names, "zipped plists must set different keys");
  return Array.from({ length: lengths[0] ?? 0 }, (_, i) => mergePsets(plists.map((plist) => plist[i]!)));
}
