/**
 * An object literal (or Object.create(null)), from any realm: its prototype
 * is null or a root prototype, so class instances are refused while objects
 * made in a vm context, iframe or worker are accepted.
 */
export function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype) return true; // the common case, decided without the slower checks
  return (
    proto === null ||
    (Object.getPrototypeOf(proto) === null && Object.prototype.toString.call(value) === "[object Object]")
  );
}
