// One template file, in either mode, behind one small interface: parsed when
// loaded (syntax errors first), checked against every pset before anything
// is written, then filled once per pset.

import type { Environment } from "nunjucks";
import { PsweepError } from "../errors.js";
import { BOOK_BEFORE_RESULTS } from "../database/bookColumns.js";
import { fillStringTemplate, parseStringTemplate } from "./stringTemplate.js";
import { assignOwn } from "../util/ownKeys.js";
import { shellQuoteWord } from "../util/shellQuote.js";

export type TemplateMode = "string" | "jinja";

/** The values a template sees: the pset's keys and its book-keeping fields. */
export type Fields = Readonly<Record<string, unknown>>;

export interface Template {
  /** The template's path, as errors name it. */
  readonly path: string;
  /** Throws (naming file and line) when filling for these fields would fail. `where` names the pset. */
  check(fields: Fields, where: string): void;
  fill(fields: Fields): string;
}

/** The book-keeping fields every pset has when its templates are filled. */
const BOOK_FIELDS: readonly string[] = BOOK_BEFORE_RESULTS;

/**
 * How a value is written into a file: strings as they are, other scalars as
 * String(v) (so null is "null", true is "true", 1e21 is "1e+21"), arrays and
 * objects as JSON, and _time_utc (a Date) as ISO 8601 text.
 */
export function renderValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
}

/**
 * A value as one word for sh, written as templates write it (renderValue)
 * and then quoted as Python's shlex.quote does: `$(...)`, backquotes, `$x`,
 * spaces and quotes in it stay text when the script runs. The jinja filter
 * `shquote`, and the helper for string templates (README "What templates
 * trust").
 */
export function shellQuote(value: unknown): string {
  if (value === undefined) throw new PsweepError("shellQuote: the value is undefined; quote a value the pset has");
  return shellQuoteWord(renderValue(value));
}

/** A string.Template-style template (see stringTemplate.ts). */
export function stringTemplate(text: string, path: string): Template {
  const parts = parseStringTemplate(text, path);
  return {
    path,
    check(fields, where) {
      for (const part of parts) {
        if (typeof part === "string" || hasValue(fields, part.name)) continue;
        throw new PsweepError(
          `prepBatch: ${path} line ${part.line}, column ${part.column}: $${part.name} has no value in ${where}. ` +
            `Templates can use the pset's keys (${keysOf(fields)}) and the book-keeping fields ${BOOK_FIELDS.join(", ")}; ` +
            `write $$ for a literal "$". Nothing was written`,
        );
      }
    },
    fill: (fields) => fillStringTemplate(parts, (part) => renderValue(fields[part.name])),
  };
}

/**
 * A Jinja-style template, filled by nunjucks with autoescape off and
 * throwOnUndefined on: outputting a name the pset lacks is an error. nunjucks
 * treats null like undefined there, so a null value must be handled in the
 * template (e.g. `{{ "null" if x === null else x }}`). Text outside tags is
 * kept byte for byte (the final newline too, unlike Jinja's default).
 * Arrays and objects print as nunjucks prints them; `{{ x | dump }}` gives
 * JSON. Each template stands alone: include, import and extends find nothing.
 */
export function jinjaTemplate(
  nunjucks: typeof import("nunjucks"),
  env: Environment,
  text: string,
  path: string,
): Template {
  let compiled: import("nunjucks").Template;
  try {
    compiled = new nunjucks.Template(text, env, path, true);
  } catch (error) {
    throw jinjaError(error, text, path, "is not a valid template");
  }
  const render = (fields: Fields): string => compiled.render(contextOf(fields));
  return {
    path,
    check(fields, where) {
      try {
        render(fields);
      } catch (error) {
        throw jinjaError(error, text, path, `cannot be filled for ${where}`, fields);
      }
    },
    fill: render,
  };
}

/** The context of a jinja template: the fields, with _time_utc as ISO text as in string templates. */
function contextOf(fields: Fields): Record<string, unknown> {
  const context: Record<string, unknown> = assignOwn({}, fields);
  if (context._time_utc instanceof Date) context._time_utc = context._time_utc.toISOString();
  return context;
}

function jinjaError(error: unknown, text: string, path: string, what: string, fields?: Fields): PsweepError {
  const message = error instanceof Error ? error.message : String(error);
  // nunjucks: "Template render error: (path) [Line 2, Column 11]\n  attempted to output null or undefined value"
  const position = /\[Line (\d+), Column (\d+)\]/.exec(message);
  const reason = message.replace(/^[^\n]*\n\s*/s, "").trim() || message;
  let where = "";
  let hint = "";
  if (position) {
    const line = Number(position[1]);
    const column = Number(position[2]);
    const source = text.split("\n")[line - 1]?.replace(/\r$/, "") ?? "";
    const tag = /^\{\{.*?\}\}/.exec(source.slice(column - 1))?.[0];
    where = ` line ${line}, column ${column}`;
    hint = tag
      ? ` at ${tag}`
      : source
        ? ` in ${JSON.stringify(source.length > 80 ? `${source.slice(0, 77)}...` : source)}`
        : "";
  }
  if (fields && /null or undefined/.test(reason)) {
    hint += ` (a name the pset lacks, or whose value is null; the pset's keys are ${keysOf(fields)}, plus the book-keeping fields ${BOOK_FIELDS.join(", ")})`;
  }
  return new PsweepError(`prepBatch: ${path}${where} ${what}: ${reason}${hint}. Nothing was written`, { cause: error });
}

function hasValue(fields: Fields, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(fields, name) && fields[name] !== undefined;
}

function keysOf(fields: Fields): string {
  const keys = Object.keys(fields).filter((key) => !BOOK_FIELDS.includes(key));
  return keys.length === 0 ? "none" : keys.join(", ");
}
