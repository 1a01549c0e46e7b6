// One value of a row as JSON, for the write-ahead log and for results that
// travel through a queue. JSON numbers, strings, booleans and null stand for
// themselves; what JSON cannot say is a tagged object:
//   {"n":"NaN"|"Infinity"|"-Infinity"|"-0"}   a number JSON has no form for
//   {"t":<ms since 1970>}                     a Date ({"t":null}: an invalid one)
//   {"j":<value>}                             an array or object (plain JSON inside)

/** Whether `value` is its own JSON cell: one that cellToJson leaves as it is. */
export function isPlainCell(value: unknown): boolean {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0);
    default:
      return value === null;
  }
}

export function cellToJson(value: unknown): unknown {
  switch (typeof value) {
    case "number":
      return isPlainCell(value) ? value : { n: Object.is(value, -0) ? "-0" : String(value) };
    case "string":
    case "boolean":
      return value;
    case "undefined":
      return null;
    default:
      if (value === null) return null;
      if (value instanceof Date) return { t: Number.isNaN(value.getTime()) ? null : value.getTime() };
      return { j: value };
  }
}

/** Strings that are their own JSON text between quotes. */
export const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** cellToJson as text, with the common cases spelled out for speed (one call per cell of every row). */
export function cellText(value: unknown): string {
  switch (typeof value) {
    case "number":
      return isPlainCell(value) ? String(value) : JSON.stringify(cellToJson(value));
    case "string":
      // Quoting a string that needs no escapes is ~3x faster than JSON.stringify.
      return PLAIN_ASCII.test(value) ? `"${value}"` : JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "undefined":
      return "null";
    default:
      if (value === null) return "null";
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? '{"t":null}' : `{"t":${value.getTime()}}`;
      return JSON.stringify({ j: value });
  }
}

export function cellFromJson(cell: unknown): unknown {
  if (cell === null || typeof cell !== "object") return cell;
  const tagged = cell as { n?: string; t?: number | null; j?: unknown };
  if (tagged.n !== undefined) return tagged.n === "-0" ? -0 : Number(tagged.n);
  if (tagged.t !== undefined) return new Date(tagged.t ?? NaN);
  return tagged.j;
}
