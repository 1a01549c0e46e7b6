import { isPlainObject } from "./isPlainObject.js";

/** Base class of every error psweep raises for bad input. */
export class PsweepError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A pset holds a value the pset hash cannot represent reproducibly. */
export class PsweepHashError extends PsweepError {}

/** func failed on a pset (onError "raise"); `cause` is what it threw. */
export class PsweepRunError extends PsweepError {
  constructor(
    message: string,
    /** The pset func failed on, with its book-keeping fields. */
    readonly pset: Readonly<Record<string, unknown>>,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

/** Shows a value in an error message, short and unambiguous. */
export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === "bigint") return `${value}n (a bigint)`;
  if (typeof value === "function") return `a function${value.name ? ` (${value.name})` : ""}`;
  if (typeof value === "symbol") return String(value);
  if (value === undefined || value === null || typeof value !== "object") return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    return `an object with keys ${JSON.stringify(keys.slice(0, 5))}${keys.length > 5 ? "..." : ""}`;
  }
  const name = (value as { constructor?: { name?: string } }).constructor?.name;
  return `an instance of ${name || "an unnamed class"}`;
}
