// The error a piece of code throws, for tests that look at its message.

/** The error `fn` throws; a test failure when it throws none. */
export function failure(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

/** The error `work` (a promise, or a function that throws or returns one) ends in; a test failure when it ends in none. */
export async function rejection(work: Promise<unknown> | (() => unknown)): Promise<Error> {
  try {
    await (typeof work === "function" ? work() : work);
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}
