// What an executor works on: a task (a pset with its book-keeping fields),
// the func it is given to, and the outcome of that call.

import type { BookKeeping, Book } from "../database/bookColumns.js";
import type { Pset } from "../types.js";

export type { BookKeeping, Book };

/** The function run() calls: a pset with its book-keeping fields in, a plain object of results out. */
export type Func<P extends object = Pset> = (pset: P & BookKeeping) => object | Promise<object>;

export interface Task {
  /** Position in this run's params: outcomes are put back in this order. */
  readonly index: number;
  /** The pset as the caller gave it (never changed). */
  readonly pset: Readonly<Record<string, unknown>>;
  readonly book: Book;
}

export interface Outcome {
  readonly index: number;
  /** What func returned (checked: a plain object), when it succeeded. */
  readonly result?: Record<string, unknown>;
  /** What func threw, or why its return value was refused. */
  readonly error?: unknown;
  /** When the call started, and where it ran. */
  readonly startedAt: Date;
  readonly host: string;
  /** Seconds spent in func. */
  readonly seconds: number;
  /** Everything func printed, when logs are captured. */
  readonly logs?: string;
}
