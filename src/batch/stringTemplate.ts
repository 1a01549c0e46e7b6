// Placeholders as Python's string.Template has them:
//
//   $$          a literal "$"
//   $name       the value of name; name is [_a-zA-Z][_a-zA-Z0-9]* (ASCII, as
//               Python's idpattern), taken as long as it goes: "$ab.c" is ab
//   ${name}     the same, for names followed by identifier characters
//   any other $ (end of text, "$1", "$ x", "${x", "${ x }") is an error
//
// A template is parsed once, so that stray "$"s are found before any pset is
// looked at, and then checked against every pset before anything is written.

import { PsweepError } from "../errors.js";

export interface Placeholder {
  readonly name: string;
  /** 1-based line and column of the "$". */
  readonly line: number;
  readonly column: number;
}

/** A parsed template: literal text and placeholders, in order. */
export type Parts = ReadonlyArray<string | Placeholder>;

// One alternative per case, in Python's order: escaped, named, braced, invalid.
const PATTERN = /\$(?:(\$)|([_a-zA-Z][_a-zA-Z0-9]*)|\{([_a-zA-Z][_a-zA-Z0-9]*)\}|)/g;

/** Splits `text` into literals and placeholders; a stray "$" is an error naming `path`, line and column. */
export function parseStringTemplate(text: string, path: string): Parts {
  const parts: Array<string | Placeholder> = [];
  let literal = "";
  let last = 0;
  for (const match of text.matchAll(PATTERN)) {
    const at = match.index;
    literal += text.slice(last, at);
    last = at + match[0].length;
    if (match[1] !== undefined) {
      literal += "$";
      continue;
    }
    const name = match[2] ?? match[3];
    const { line, column } = positionOf(text, at);
    if (name === undefined) {
      const next = text.slice(at + 1, at + 11).split(/\r?\n/)[0]!;
      const after = next === "" ? "at the end of the line" : `followed by ${JSON.stringify(next)}`;
      throw new PsweepError(
        `prepBatch: ${path} line ${line}, column ${column}: stray "$" ${after} (${JSON.stringify(lineOf(text, at))}). ` +
          `Write $$ for a literal "$" (e.g. $$HOME for a shell variable), or $name / \${name} for a pset value. Nothing was written`,
      );
    }
    if (literal !== "") parts.push(literal);
    literal = "";
    parts.push({ name, line, column });
  }
  literal += text.slice(last);
  if (literal !== "") parts.push(literal);
  return parts;
}

/** The text of a parsed template with each placeholder replaced by `render(name)`. */
export function fillStringTemplate(parts: Parts, render: (placeholder: Placeholder) => string): string {
  let out = "";
  for (const part of parts) out += typeof part === "string" ? part : render(part);
  return out;
}

export function positionOf(text: string, at: number): { line: number; column: number } {
  const before = text.slice(0, at);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: (before.match(/\n/g)?.length ?? 0) + 1, column: at - lineStart + 1 };
}

function lineOf(text: string, at: number): string {
  const start = text.lastIndexOf("\n", at - 1) + 1;
  const end = text.indexOf("\n", at);
  const line = text.slice(start, end < 0 ? undefined : end).replace(/\r$/, "");
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
