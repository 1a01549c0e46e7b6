// psweep's book-keeping columns, named here once. Imports nothing, so that
// what needs only the names (a pool worker checking func's results, a batch
// template) does not load the database code and apache-arrow with them.

/** The book-keeping columns a task gets from the plan, before its call, in the order rows carry them. */
export const BOOK_OF_TASK = ["_pset_hash", "_pset_id", "_run_seq", "_pset_seq", "_run_id", "_calc_dir"] as const;

/** Book-keeping columns that come before func's results, in the order rows carry them. */
export const BOOK_BEFORE_RESULTS = [...BOOK_OF_TASK, "_time_utc", "_exec_host"] as const;

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

/** The book-keeping fields a pset gets before it runs, from the plan (the last two come with the call). */
export type Book = Pick<BookKeeping, (typeof BOOK_OF_TASK)[number]>;

/** Book-keeping columns that come after func's results. */
export const BOOK_AFTER_RESULTS = ["_failed", "_exc_txt", "_logs", "_pset_runtime"] as const;

/** Every book-keeping column: psweep writes them into rows, so func may not return them. */
export const BOOK_COLUMNS: ReadonlySet<string> = new Set<string>([...BOOK_BEFORE_RESULTS, ...BOOK_AFTER_RESULTS]);
