// Keys of user objects (psets, results, rows) are data: "constructor",
// "toString" or "__proto__" are keys like any other. Looking one up with
// obj[key] finds Object.prototype's member when the key is missing, and
// Object.assign or obj[key] = v with "__proto__" sets the prototype instead.
// These helpers keep the fast plain forms for every other key.

/** Whether `obj[key]` on a plain object lacking `key` finds something (a member of Object.prototype). */
export function isPrototypeName(key: string): boolean {
  return key in Object.prototype;
}

/** The own value of `key`, or undefined: never a member of the prototype. */
export function ownValue(object: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Sets own key `key` of `object`; "__proto__" included. */
export function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

/** Object.assign(target, ...sources), except that a source's own "__proto__" key becomes an own key of target. */
export function assignOwn<T extends object>(target: T, ...sources: readonly object[]): T {
  for (const source of sources) {
    if (!Object.hasOwn(source, "__proto__")) Object.assign(target, source);
    else
      for (const key of Object.keys(source))
        setOwn(target as Record<string, unknown>, key, (source as Record<string, unknown>)[key]);
  }
  return target;
}
