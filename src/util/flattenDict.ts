import { PsweepError, describe } from "../errors.js";
import { isPlainObject } from "../isPlainObject.js";

/**
 * Nested objects flattened into one level: {a: {b: 1, c: {d: 2}}} is
 * {a_b: 1, a_c_d: 2} (separator "_" as in Python psweep; `sep` changes it). Arrays are values, not flattened, and so is an
 * empty object (there is nothing to flatten, and its key is kept).
 */
export function flattenDict(dict: Record<string, unknown>, options: { sep?: string } = {}): Record<string, unknown> {
  if (typeof dict !== "object" || dict === null || !isPlainObject(dict))
    throw new PsweepError(`flattenDict: dict must be a plain object like {a: {b: 1}}, got ${describe(dict)}`);
  const sep = options.sep ?? "_";
  if (typeof sep !== "string")
    throw new PsweepError(`flattenDict: sep must be a string like "." or "_", got ${describe(sep)}`);
  const out: Record<string, unknown> = {};
  const walk = (value: Record<string, unknown>, prefix: string): void => {
    for (const [key, item] of Object.entries(value)) {
      const name = prefix === "" ? key : `${prefix}${sep}${key}`;
      const nested =
        typeof item === "object" &&
        item !== null &&
        !Array.isArray(item) &&
        isPlainObject(item) &&
        Object.keys(item).length > 0;
      if (nested) walk(item as Record<string, unknown>, name);
      // Own keys only: "toString" is no collision, and "__proto__" is a key like any other.
      else if (Object.hasOwn(out, name))
        throw new PsweepError(`flattenDict: key ${JSON.stringify(name)} comes out twice; choose another sep`);
      else Object.defineProperty(out, name, { value: item, enumerable: true, writable: true, configurable: true });
    }
  };
  walk(dict, "");
  return out;
}
