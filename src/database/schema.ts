// The database's schema: which columns, in which order, of which type, and
// what each column is (a parameter, a result, or book-keeping).

import type { Field, Schema } from "apache-arrow";
import { arrow } from "../arrow/loadArrow.js";
import { arrowType, columnTypeOf, fieldOf, typeOfValues, unifyTypes, type ColumnType } from "../arrow/columnType.js";
import { PsweepError } from "../errors.js";
import { HASH_SCHEME } from "../hash/psetHash.js";
import { BOOK_AFTER_RESULTS, BOOK_BEFORE_RESULTS } from "./bookColumns.js";
import type { RowBuffer } from "./rowBuffer.js";

/** Schema metadata key naming the pset hash scheme. */
export const HASH_SCHEME_KEY = "psweep:hash_scheme";
/** Field metadata key telling what a column holds. */
export const ROLE_KEY = "psweep:role";

/** A column holds pset values, func results, or psweep's book-keeping. */
export type Role = "pset" | "result" | "book";

/** What a column holds, by its name (for columns new to the database). */
export type RoleOf = (key: string) => Role;

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly role: Role;
}

export function columnsOf(schema: Schema): ColumnSpec[] {
  return schema.fields.map((field) => ({ name: field.name, type: typeOf(field), role: roleOf(field) }));
}

function typeOf(field: Field): ColumnType {
  const type = columnTypeOf(field);
  if (type === undefined) throw new PsweepError(unstorableMessage(field));
  return type;
}

function unstorableMessage(field: Field): string {
  return (
    `database column ${JSON.stringify(field.name)} has Arrow type ${String(field.type)}, which psweep cannot store ` +
    `(it stores booleans, integers, floats, strings, timestamps and JSON text)`
  );
}

/**
 * Throws a PsweepError, before anything is run or written, when rows cannot
 * be added to `schema` (a database written elsewhere, with a column type
 * psweep does not map). `file` names the database.
 */
export function checkCanExtend(schema: Schema, file: string): void {
  // A file without the key (written by another tool) is taken as it is: its hashes, if any, are checked by no one.
  const scheme = schema.metadata.get(HASH_SCHEME_KEY);
  if (scheme !== undefined && scheme !== HASH_SCHEME) {
    throw new PsweepError(
      `${file}: its _pset_hash values are of the hash scheme ${JSON.stringify(scheme)} (schema metadata ${HASH_SCHEME_KEY}), ` +
        `and this psweep makes ${JSON.stringify(HASH_SCHEME)}: this run's rows would put hashes of another kind in that column, ` +
        `and skipDups could not find duplicates. Nothing was run. ` +
        `Add to it with the psweep that wrote it, or start a new database (another calcDir or databaseBasename)`,
    );
  }
  const field = schema.fields.find((f) => columnTypeOf(f) === undefined);
  if (field === undefined) return;
  throw new PsweepError(
    `${file}: ${unstorableMessage(field)}, so no rows can be added to it. Nothing was run. ` +
      `Convert that column (e.g. to strings) in the tool that wrote the file, or start a new database (another calcDir or databaseBasename)`,
  );
}

/**
 * Whether every column has exactly the Arrow type psweep writes for it. A
 * file from elsewhere (Utf8View, LargeUtf8, dictionaries, Float32, ...) is
 * not: its batches are re-encoded and the file rewritten when rows are added.
 */
export function isNativeSchema(schema: Schema): boolean {
  return schema.fields.every((field) => {
    const type = columnTypeOf(field);
    return type !== undefined && String(field.type) === String(arrowType(type));
  });
}

function roleOf(field: Field): Role {
  const role = field.metadata.get(ROLE_KEY);
  if (role === "pset" || role === "result" || role === "book") return role;
  return field.name.startsWith("_") ? "book" : "pset";
}

export function schemaOf(columns: readonly ColumnSpec[]): Schema {
  const fields = columns.map((c) => fieldOf(c.name, c.type, new Map([[ROLE_KEY, c.role]])));
  return new (arrow().Schema)(fields, new Map([[HASH_SCHEME_KEY, HASH_SCHEME]]));
}

/**
 * The columns after adding `rows`: the old columns first, in their order,
 * types widened where new values need it; then new columns: parameters,
 * book-keeping, results, and the trailing book-keeping.
 */
export function extendColumns(old: readonly ColumnSpec[], rows: RowBuffer, roleOfKey: RoleOf): ColumnSpec[] {
  const types = new Map<string, ColumnType>(old.map((c) => [c.name, c.type]));
  const roles = new Map<string, Role>(old.map((c) => [c.name, c.role]));
  const added: string[] = [];
  for (const key of rows.keys) {
    const type = rows.typeHint(key) ?? typeOfValues(rows.column(key));
    const known = types.get(key);
    if (known === undefined) {
      added.push(key);
      roles.set(key, roleOfKey(key));
    }
    types.set(key, known === undefined ? type : unifyTypes(known, type));
  }
  const rank = (name: string): number => {
    const role = roles.get(name)!;
    if (role === "pset") return 0;
    if ((BOOK_BEFORE_RESULTS as readonly string[]).includes(name))
      return 1 + BOOK_BEFORE_RESULTS.indexOf(name as never) / 100;
    if ((BOOK_AFTER_RESULTS as readonly string[]).includes(name))
      return 3 + BOOK_AFTER_RESULTS.indexOf(name as never) / 100;
    return role === "result" ? 2 : 2.5;
  };
  const ordered = added.map((name, i) => ({ name, i })).sort((a, b) => rank(a.name) - rank(b.name) || a.i - b.i);
  return [...old.map((c) => c.name), ...ordered.map((a) => a.name)].map((name) => ({
    name,
    type: types.get(name)!,
    role: roles.get(name)!,
  }));
}

export function sameColumns(a: readonly ColumnSpec[], b: readonly ColumnSpec[]): boolean {
  return (
    a.length === b.length && a.every((c, i) => c.name === b[i]!.name && c.type === b[i]!.type && c.role === b[i]!.role)
  );
}
