// Checks shared by the parameter builders, with messages that say what to
// write instead.

import { PsweepError, describe } from "../errors.js";
import { isPlainObject } from "../isPlainObject.js";
import type { Pset } from "../types.js";

export function isPset(value: unknown): value is Pset {
  return typeof value === "object" && value !== null && !Array.isArray(value) && isPlainObject(value);
}

/** `value` must be a list of psets; `what` names it in the message ("plist 2 of pgrid"). */
export function assertPlist(value: unknown, what: string): asserts value is readonly Pset[] {
  if (typeof value === "string") {
    throw new PsweepError(
      `${what} is the string ${describe(value)}, not a plist; build one with plist("name", [values])`,
    );
  }
  if (!Array.isArray(value)) {
    throw new PsweepError(
      `${what} is ${describe(value)}, not a plist (an array of psets); build one with plist("name", [values])`,
    );
  }
  value.forEach((item, i) => {
    if (!isPset(item)) {
      throw new PsweepError(
        `${what}: element ${i} is ${describe(item)}, not a pset (a plain object such as {a: 1}); ` +
          `build plists with plist("name", [values])`,
      );
    }
  });
}

/** The keys a plist sets, in first-seen order. */
export function plistKeys(plist: readonly Pset[]): string[] {
  const keys = new Set<string>();
  for (const pset of plist) for (const key of Object.keys(pset)) keys.add(key);
  return [...keys];
}

/**
 * Throws when two of the plists set the same key. `names[i]` names plist i
 * in the message.
 */
export function assertDisjointKeys(plists: readonly (readonly Pset[])[], names: readonly string[], hint: string): void {
  const owner = new Map<string, number>();
  plists.forEach((plist, i) => {
    for (const key of plistKeys(plist)) {
      const first = owner.get(key);
      if (first !== undefined) {
        throw new PsweepError(`key ${JSON.stringify(key)} is set by both ${names[first]} and ${names[i]}; ${hint}`);
      }
      owner.set(key, i);
    }
  });
}

/**
 * Accepts both call forms, f(a, b, c) and f([a, b, c]), and a single bare
 * plist f(a). Returns the plists.
 */
export function plistArgs(args: readonly unknown[], fn: string): readonly Pset[][] {
  if (args.length === 1 && Array.isArray(args[0])) {
    const only = args[0] as unknown[];
    const nested = only.filter((item) => Array.isArray(item)).length;
    if (nested === only.length) return only as Pset[][];
    if (nested > 0) {
      throw new PsweepError(
        `${fn}([...]) got a list mixing plists (arrays) and other values; ` +
          `pass plists only: ${fn}(a, b) or ${fn}([a, b]) with a = plist("a", [1, 2])`,
      );
    }
    // A single bare plist: f(a) is f([a]).
  }
  args.forEach((arg, i) => {
    if (Array.isArray(arg) && arg.length > 0 && arg.every((item) => Array.isArray(item))) {
      throw new PsweepError(
        `${fn}: argument ${i} is a list of plists; pass either ${fn}(a, b, c) or ${fn}([a, b, c]), not both forms at once`,
      );
    }
  });
  return args as Pset[][];
}

/**
 * Merges psets left to right (later keys win) into a new object. Built with
 * Object.fromEntries so that any key, "__proto__" included, is an own key.
 */
export function mergePsets(psets: readonly Pset[]): Pset {
  return Object.fromEntries(psets.flatMap((pset) => Object.entries(pset)));
}
