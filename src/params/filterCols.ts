import { PsweepError } from "../errors.js";

/**
 * Kinds of columns by name: "pset" neither starts nor ends with "_" (the
 * parameters and results), "prefix" (or "pre") starts with "_" (book-keeping
 * such as _pset_id), "postfix" (or "post") ends with "_" (kept out of the
 * hash), "special" is prefix or postfix. The short kinds are Python
 * psweep's spelling.
 */
export type ColumnKind = "pset" | "prefix" | "pre" | "postfix" | "post" | "special";

const KINDS: readonly ColumnKind[] = ["pset", "prefix", "pre", "postfix", "post", "special"];

/** The names in `cols` of the given kind, order kept. */
export function filterCols(cols: Iterable<string>, kind: ColumnKind): string[] {
  if (!KINDS.includes(kind)) {
    throw new PsweepError(
      `filterCols: unknown kind ${JSON.stringify(kind)}; use one of ${KINDS.map((k) => `"${k}"`).join(", ")}`,
    );
  }
  return [...cols].filter((col) => {
    const prefix = col.startsWith("_");
    const postfix = col.endsWith("_");
    if (kind === "pset") return !prefix && !postfix;
    if (kind === "prefix" || kind === "pre") return prefix;
    if (kind === "postfix" || kind === "post") return postfix;
    return prefix || postfix;
  });
}
