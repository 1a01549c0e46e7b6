// What an executor works on: a task (a pset with its book-keeping fields),
// the func it is given to, and the outcome of that call.

import type { Pset } from "../types.js";

/** The function run() calls: a pset with its book-keeping fields in, a plain object of results out. */
export type Func<P extends object = Pset> = (pset: P & BookKeeping) => object | Promise<object>;

/** The book-keeping fields `func` finds in its pset. */
// A type literal, not an interface, so that it fits Record<string, unknown>.
export type BookKeeping = {
  readonly _pset_hash: string;
  readonly _pset_id: string;
  readonly _run_seq: number;
  readonly _pset_seq: number;
  readonly _run_id: string;
  readonly _calc_dir: string;
  readonly _time_utc: Date;
  readonly _exec_host: string;
};

/** The book-keeping fields a pset gets before it runs (the last two come with the call). */
export type Book = Omit<BookKeeping, "_time_utc" | "_exec_host">;

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
