import { PsweepError, describe } from "../errors.js";
import { checkStorable } from "../hash/canonicalJson.js";
import type { Value } from "../types.js";

/**
 * A list of single-key psets: plist("a", [1, 2]) is [{a: 1}, {a: 2}].
 * A string is not split into characters: plist("a", "xy") is an error.
 */
export function plist<const K extends string, V extends Value>(name: K, values: Iterable<V>): Array<{ [P in K]: V }> {
  if (typeof name !== "string" || name === "") {
    throw new PsweepError(`plist: the name must be a non-empty string, got ${describe(name)}; e.g. plist("a", [1, 2])`);
  }
  if (typeof values === "string") {
    throw new PsweepError(
      `plist(${JSON.stringify(name)}, ${describe(values)}): values is a string, and a string is not split into ` +
        `characters; write plist(${JSON.stringify(name)}, [${JSON.stringify(values)}]) for one value`,
    );
  }
  if (values === null || typeof values !== "object" || !(Symbol.iterator in values)) {
    throw new PsweepError(
      `plist(${JSON.stringify(name)}, ...): values must be an array (or other iterable), got ${describe(values)}`,
    );
  }
  const result: Array<{ [P in K]: V }> = [];
  for (const value of values) {
    if (value === undefined) {
      throw new PsweepError(
        `plist(${JSON.stringify(name)}, ...): value ${result.length} is undefined; use null for a missing value`,
      );
    }
    try {
      checkStorable(value, name);
    } catch (error) {
      if (error instanceof PsweepError)
        throw new (error.constructor as typeof PsweepError)(
          `plist(${JSON.stringify(name)}, ...): value ${result.length}: ${error.message}`,
        );
      throw error;
    }
    result.push({ [name]: value } as { [P in K]: V });
  }
  return result;
}
