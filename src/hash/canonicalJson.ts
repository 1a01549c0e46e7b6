// RFC 8785 (JSON Canonicalization Scheme) for the values a pset may hold.
// JavaScript's own number and string serialization is exactly what RFC 8785
// prescribes, so the work here is key order and refusing what JSON cannot
// represent faithfully.

import { PsweepHashError, describe } from "../errors.js";
import { isPlainObject } from "../isPlainObject.js";

// A lone surrogate has no UTF-8 encoding: it would hash as U+FFFD and
// collide with other strings, and Python could not reproduce it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const SURROGATE = /[\uD800-\uDFFF]/; // cheap first test: most strings have none

function isWellFormed(text: string): boolean {
  return !SURROGATE.test(text) || !LONE_SURROGATE.test(text);
}

/**
 * How deep values may nest. Far below what overflows the stack here (and in
 * a worker's smaller stack), and within Python's default recursion limit, so
 * that the README's Python lines reproduce every hash.
 */
export const MAX_DEPTH = 500;

/**
 * The canonical JSON text of `value`. `path` names the value in error
 * messages (e.g. `a.b[2]`).
 */
export function canonicalJson(value: unknown, path: string): string {
  return serialize(value, path, undefined);
}

/**
 * Throws a PsweepHashError naming `path` unless a database column can hold
 * `value` and give it back: what canonicalJson takes, and at the top level
 * also undefined, NaN, +-Infinity (float columns) and valid Dates.
 */
export function checkStorable(value: unknown, path: string): void {
  if (value === null || value === undefined || typeof value === "number" || typeof value === "boolean") return;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime()))
      fail(path, value, "an invalid Date cannot be stored; use a valid Date or null", "store");
    return;
  }
  try {
    serialize(value, path, undefined);
  } catch (error) {
    if (error instanceof PsweepHashError)
      throw new PsweepHashError(error.message.replace(/^cannot hash /, "cannot store "));
    throw error;
  }
}

/** `ancestors` holds the arrays and objects above `value`, made on the first one. */
function serialize(value: unknown, path: string, ancestors: object[] | undefined): string {
  switch (typeof value) {
    case "string":
      if (!isWellFormed(value)) {
        fail(path, value, "it holds a lone UTF-16 surrogate, which is not valid Unicode; use a well-formed string");
      }
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) fail(path, value, "use a finite number, or null for a missing value");
      return String(value); // String(-0) is "0", as RFC 8785 wants
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "null";
      if (ancestors?.includes(value)) fail(path, value, "it contains itself (a cycle); psets must be trees");
      if (ancestors !== undefined && ancestors.length >= MAX_DEPTH) {
        fail(
          path,
          value,
          `it is nested more than ${MAX_DEPTH} levels deep; flatten it (e.g. a list of records) or store it as a string`,
        );
      }
      if (Array.isArray(value)) return serializeArray(value, path, ancestors ?? []);
      if (isPlainObject(value)) return serializeObject(value, path, ancestors ?? []);
      return fail(
        path,
        value,
        "only plain objects, arrays, strings, finite numbers, booleans and null can be hashed; convert it first (e.g. a Date to date.toISOString())",
      );
    default:
      return fail(path, value, "only plain objects, arrays, strings, finite numbers, booleans and null can be hashed");
  }
}

function serializeArray(array: readonly unknown[], path: string, ancestors: object[]): string {
  ancestors.push(array);
  const parts: string[] = [];
  for (let i = 0; i < array.length; i++) {
    const item: unknown = array[i];
    if (item === undefined) fail(`${path}[${i}]`, item, "arrays cannot hold undefined (or holes); use null");
    parts.push(serialize(item, `${path}[${i}]`, ancestors));
  }
  ancestors.pop();
  return `[${parts.join(",")}]`;
}

function serializeObject(object: object, path: string, ancestors: object[]): string {
  ancestors.push(object);
  const record = object as Record<string, unknown>;
  const parts: string[] = [];
  // Nested keys holding undefined are left out, as JSON.stringify does.
  for (const key of Object.keys(record).sort()) {
    const item = record[key];
    if (item === undefined) continue;
    checkKey(key, path);
    parts.push(`${JSON.stringify(key)}:${serialize(item, `${path}.${key}`, ancestors)}`);
  }
  ancestors.pop();
  return `{${parts.join(",")}}`;
}

/** Keys are strings too: they must be valid Unicode. */
export function checkKey(key: string, path: string): void {
  if (!isWellFormed(key)) {
    fail(
      path === "" ? key : `${path}.${key}`,
      key,
      "the key holds a lone UTF-16 surrogate, which is not valid Unicode",
    );
  }
}

function fail(path: string, value: unknown, hint: string, verb = "hash"): never {
  // A path hundreds of levels deep is shown by its ends.
  const shown = path.length > 120 ? `${path.slice(0, 80)}...${path.slice(-30)}` : path;
  throw new PsweepHashError(`cannot ${verb} ${describe(value)} at pset key ${JSON.stringify(shown)}: ${hint}`);
}
