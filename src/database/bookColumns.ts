// psweep's book-keeping columns, named here once. Imports nothing, so that
// what needs only the names (a pool worker checking func's results, a batch
// template) does not load the database code and apache-arrow with them.

/** Book-keeping columns that come before func's results, in the order rows carry them. */
export const BOOK_BEFORE_RESULTS = [
  "_pset_hash",
  "_pset_id",
  "_run_seq",
  "_pset_seq",
  "_run_id",
  "_calc_dir",
  "_time_utc",
  "_exec_host",
] as const;

/** Book-keeping columns that come after func's results. */
export const BOOK_AFTER_RESULTS = ["_failed", "_exc_txt", "_logs", "_pset_runtime"] as const;

/** Every book-keeping column: psweep writes them into rows, so func may not return them. */
export const BOOK_COLUMNS: ReadonlySet<string> = new Set<string>([...BOOK_BEFORE_RESULTS, ...BOOK_AFTER_RESULTS]);
