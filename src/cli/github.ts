// A database as a GitHub (GFM) markdown table, aligned like dfFormat's text:
// numbers right-aligned (`---:`), everything else left-aligned (`:---`).

/** A cell as text, as dfFormat shows it: null empty, Dates ISO 8601, arrays and objects as JSON, line breaks escaped. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  if (typeof value === "string")
    return value.replace(/[\n\r\t]/g, (c) => (c === "\n" ? "\\n" : c === "\r" ? "\\r" : "\\t"));
  return String(value);
}

/** The columns `cols` of `rows` (as dfExtractDicts gives them) as a markdown table, with the row number first when `index`. */
export function githubTable(
  rows: readonly Record<string, unknown>[],
  cols: readonly string[],
  options: { index?: boolean } = {},
): string {
  const header = [...(options.index ? [""] : []), ...cols];
  const numeric = [
    ...(options.index ? [true] : []),
    ...cols.map((c) => rows.every((r) => r[c] === null || typeof r[c] === "number")),
  ];
  const body = rows.map((row, i) => [...(options.index ? [String(i)] : []), ...cols.map((c) => cellText(row[c]))]);
  const escape = (text: string): string => text.replace(/\|/g, "\\|");
  const cells = [header, ...body].map((r) => r.map(escape));
  const widths = header.map((_, j) => Math.max(1, ...cells.map((r) => r[j]!.length)));
  const line = (r: string[]): string =>
    `| ${r.map((v, j) => (numeric[j] ? v.padStart(widths[j]!) : v.padEnd(widths[j]!))).join(" | ")} |`;
  const rule = `|${widths.map((w, j) => (numeric[j] ? `${"-".repeat(w + 1)}:` : `:${"-".repeat(w + 1)}`)).join("|")}|`;
  return `${[line(cells[0]!), rule, ...cells.slice(1).map(line)].join("\n")}\n`;
}
