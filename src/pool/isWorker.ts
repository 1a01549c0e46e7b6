// Whether this thread is a psweep worker. A pool worker loads the user's
// script to find func, as Python's multiprocessing re-imports __main__, so
// a script guards its setup (creating files, starting servers, printing)
// with `if (!isWorker())`, the analogue of `if __name__ == "__main__"`.
// A global slot, not module state: the worker's own psweep and the one the
// script imports may be two copies of the module.

const WORKER = Symbol.for("psweep.worker");

/** True inside a psweep pool worker and a distributed worker (`psweep worker`, startWorker); false in the program that calls run(). */
export function isWorker(): boolean {
  return (globalThis as Record<symbol, unknown>)[WORKER] === true;
}

/** Called by the worker body before it loads any module of the user's. */
export function markWorker(): void {
  (globalThis as Record<symbol, unknown>)[WORKER] = true;
}
