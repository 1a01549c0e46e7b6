// Errors the command line reports as one line on stderr, without a stack.

/** Bad input: wrong arguments, missing files, unknown columns. Exit status 2. */
export class CliError extends Error {
  constructor(
    message: string,
    /** The exit status (2: bad input, as diff and grep use it; other values e.g. rsync's). */
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** Exit statuses of psweep: 0 fine, 1 "check" found differences, 2 bad input or failure. */
export const EXIT = { ok: 0, differ: 1, error: 2 } as const;
