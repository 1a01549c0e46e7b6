// Reading an options object: unknown keys (with a "did you mean"), and
// typed values with errors that name the option and what it takes.

import { PsweepError, describe } from "../errors.js";

export interface OptionReader {
  readonly raw: Readonly<Record<string, unknown>>;
  bool(name: string, fallback: boolean): boolean;
  /** A non-empty string. */
  text(name: string, fallback: string): string;
  oneOf<T extends string>(name: string, allowed: readonly T[], hint?: string): T | undefined;
  /** A path: a non-empty string without NUL bytes. */
  path(name: string, fallback: string): string;
  /** A file name (no folder), such as databaseBasename. */
  fileName(name: string, fallback: string): string;
}

/**
 * `fn` names the function in messages ("run", "prepBatch"); `why(key)` may
 * explain an unknown key.
 */
export function readOptions(
  fn: string,
  options: unknown,
  names: readonly string[],
  why: (key: string) => string = () => "",
): OptionReader {
  if (options === undefined) options = {};
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new PsweepError(`${fn}: options must be an object such as {calcDir: "calc"}, got ${describe(options)}`);
  }
  const raw = options as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!names.includes(key)) {
      const near = names.find((name) => name.toLowerCase() === key.replace(/_/g, "").toLowerCase());
      throw new PsweepError(
        `${fn}: unknown option ${JSON.stringify(key)}${why(key)}${near ? `; did you mean ${near}?` : ""} Options are: ${names.join(", ")}`,
      );
    }
  }
  const text = (name: string, fallback: string): string => {
    const value = raw[name];
    if (value === undefined) return fallback;
    if (typeof value !== "string" || value === "")
      throw new PsweepError(`${fn}: option ${name} must be a non-empty string, got ${describe(value)}`);
    return value;
  };
  const path = (name: string, fallback: string): string => {
    const value = text(name, fallback);
    checkNoNul(value, `${fn}: option ${name}`);
    return value;
  };
  return {
    raw,
    text,
    path,
    bool(name, fallback) {
      const value = raw[name];
      if (value === undefined) return fallback;
      if (typeof value !== "boolean")
        throw new PsweepError(`${fn}: option ${name} must be true or false, got ${describe(value)}`);
      return value;
    },
    oneOf(name, allowed, hint) {
      const value = raw[name];
      if (value === undefined) return undefined;
      if (!allowed.includes(value as never)) {
        throw new PsweepError(
          `${fn}: option ${name} must be ${hint ?? `one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`}, got ${describe(value)}`,
        );
      }
      return value as (typeof allowed)[number];
    },
    fileName(name, fallback) {
      const value = path(name, fallback);
      if (value.includes("/") || value.includes("\\")) {
        throw new PsweepError(
          `${fn}: ${name} must be a file name, not a path: ${JSON.stringify(value)}; put the folder in calcDir`,
        );
      }
      if (value === "." || value === "..") {
        throw new PsweepError(
          `${fn}: ${name} must be a file name, got ${JSON.stringify(value)}, which names a folder; use a name such as "database.arrow"`,
        );
      }
      return value;
    },
  };
}

/** No file system allows a NUL byte in a path; Node would throw a raw TypeError. */
export function checkNoNul(path: string, what: string): void {
  if (path.includes("\0")) {
    throw new PsweepError(
      `${what}: the path ${JSON.stringify(path)} contains a NUL byte (\\u0000), which no file system allows; remove it`,
    );
  }
}
