import { PsweepError } from "../errors.js";

/**
 * Kinds of columns by name: "pset" neither starts nor ends with "_" (the
 * parameters and results), "prefix" starts with "_" (book-keeping such as
 * _pset_id), "postfix" ends with "_" (kept out of the hash), "special" is
 * prefix or postfix.
 */
export type ColumnKind = "pset" | "prefix" | "postfix" | "special";

const KINDS: readonly ColumnKind[] = ["pset", "prefix", "postfix", "special"];

/** The names in `cols` of the given kind, order kept. */
export function filterCols(cols: Iterable<string>, kind: ColumnKind): string[] {
  if (!KINDS.includes(kind)) {
    throw new PsweepError(`filterCols: unknown kind ${JSON.stringify(kind)}; use one of ${KINDS.map((k) => `"${k}"`).join(", ")}`);
  }
  return [...cols].filter((col) => {
    const prefix = col.startsWith("_");
    const postfix = col.endsWith("_");
    if (kind === "pset") return !prefix && !postfix;
    if (kind === "prefix") return prefix;
    if (kind === "postfix") return postfix;
    return prefix || postfix;
  });
}
