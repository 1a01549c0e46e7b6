import { PsweepError, describe } from "../errors.js";
import type { Pset } from "../types.js";
import { filterParamsUnique } from "./filterParams.js";
import { assertPlist, isPset, mergePsets } from "./validate.js";

export interface StargridOptions {
  /** One label per entry of `vary`, stored in `varyLabelCol`. */
  varyLabels?: readonly string[];
  /** Column of the labels. Default "_vary" (book-keeping: not hashed). */
  varyLabelCol?: string;
  /** Drop psets whose hash was seen before (the shared center point). Default true. */
  skipDups?: boolean;
}

/**
 * One-at-a-time scans around a center: for each plist in `vary`, each of its
 * psets merged over `constants`. With the default skipDups, a pset that
 * repeats an earlier one (same hash) is dropped.
 */
export function stargrid<C extends Pset>(
  constants: C,
  vary: readonly (readonly Pset[])[],
  options: StargridOptions = {},
): Array<C & Pset> {
  const { varyLabels, varyLabelCol = "_vary", skipDups = true } = options;
  if (!isPset(constants))
    throw new PsweepError(`stargrid: constants is ${describe(constants)}, not a plain object such as {a: 1, b: 2}`);
  if (!Array.isArray(vary))
    throw new PsweepError(
      `stargrid: vary is ${describe(vary)}; pass an array of plists, e.g. [plist("a", [1, 2]), plist("b", [3])]`,
    );
  vary.forEach((plist, i) => assertPlist(plist, `stargrid: vary[${i}]`));
  if (varyLabels !== undefined && varyLabels.length !== vary.length) {
    throw new PsweepError(
      `stargrid: ${varyLabels.length} varyLabels for ${vary.length} plists in vary; give one label per plist`,
    );
  }
  const params = vary.flatMap((plist, i) =>
    plist.map((pset: Pset) => mergePsets([constants, pset, varyLabels ? { [varyLabelCol]: varyLabels[i]! } : {}])),
  );
  return (skipDups ? filterParamsUnique(params) : params) as Array<C & Pset>;
}
