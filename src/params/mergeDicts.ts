import { PsweepError, describe } from "../errors.js";
import type { Pset } from "../types.js";
import { isPset, mergePsets } from "./validate.js";

/** Merges psets left to right into a new object; later keys win. Also mergeDicts([a, b]). */
export function mergeDicts<P extends Pset = Pset>(...dicts: readonly Pset[] | [readonly Pset[]]): P {
  const list = (dicts.length === 1 && Array.isArray(dicts[0]) ? dicts[0] : dicts) as readonly unknown[];
  list.forEach((dict, i) => {
    if (!isPset(dict)) throw new PsweepError(`mergeDicts: argument ${i} is ${describe(dict)}, not a plain object`);
  });
  return mergePsets(list as Pset[]) as P;
}
