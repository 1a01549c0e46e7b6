/**
 * Whether `object`'s own keys are `keys`, in that order, without allocating
 * the list of its keys: hot loops compare each row or pset with the last
 * one's keys. For plain objects, whose for-in sees own keys only.
 */
export function hasKeys(object: Readonly<Record<string, unknown>>, keys: readonly string[]): boolean {
  let i = 0;
  for (const key in object) if (key !== keys[i++]) return false;
  return i === keys.length;
}
