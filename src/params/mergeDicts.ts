import { PsweepError, describe } from "../errors.js";
import type { Pset } from "../types.js";
import type { MergeLeftToRight, Simplify } from "./types.js";
import { isPset, mergePsets } from "./validate.js";

/** Merges psets left to right into a new object; later keys win. Also mergeDicts([a, b]). */
export function mergeDicts<const T extends readonly Pset[]>(...dicts: T): Simplify<MergeLeftToRight<T>>;
export function mergeDicts<const T extends readonly Pset[]>(dicts: T): Simplify<MergeLeftToRight<T>>;
export function mergeDicts(...dicts: unknown[]): Pset {
  const list = (dicts.length === 1 && Array.isArray(dicts[0]) ? dicts[0] : dicts) as readonly unknown[];
  list.forEach((dict, i) => {
    if (!isPset(dict)) throw new PsweepError(`mergeDicts: argument ${i} is ${describe(dict)}, not a plain object`);
  });
  return mergePsets(list as Pset[]);
}
