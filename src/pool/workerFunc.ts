// How a pool worker gets func, which cannot be sent to it: the worker loads a
// module. Either the module exports func (funcModule), or it is the program's
// main module, which calls run(func, ...) as it loads. As Python's
// multiprocessing re-imports __main__, the worker loads the main module; its
// first run() call then hands func to the worker instead of starting a
// sweep, and never returns, so nothing after it runs in the worker.

import { PsweepError, describe } from "../errors.js";
import type { Func } from "../run/task.js";
import type { FuncRef } from "./protocol.js";

const LOADING = Symbol.for("psweep.worker.loading");

interface Loading {
  offer(func: Func<never>): void;
}

/**
 * Called first by run(). In a worker that is loading the main module, hands
 * over func and returns a promise that never settles; elsewhere undefined.
 */
export function offerToWorker(func: unknown): Promise<never> | undefined {
  const loading = (globalThis as Record<symbol, Loading | undefined>)[LOADING];
  if (loading === undefined) return undefined;
  loading.offer(func as Func<never>);
  return new Promise<never>(() => {});
}

/** In a worker: the function `ref` names. */
export async function loadFunc(
  ref: FuncRef,
  importModule: (url: string) => Promise<Record<string, unknown>>,
): Promise<Func<never>> {
  if (ref.exportName !== undefined) {
    const module = await importModule(ref.module);
    const func = module[ref.exportName];
    if (typeof func !== "function") {
      throw new PsweepError(
        `funcModule ${ref.module} has no function export named ${JSON.stringify(ref.exportName)} (found ${describe(func)}); ` +
          `export func under its own name from that module`,
      );
    }
    return func as Func<never>;
  }
  return new Promise<Func<never>>((resolve, reject) => {
    // A worker's module load stops at its first run() call (which never
    // returns there), so the first func offered decides.
    (globalThis as Record<symbol, Loading>)[LOADING] = {
      offer(func) {
        if (func.toString() === ref.source) resolve(func);
        else reject(notReached(ref, func.name || "an anonymous function"));
      },
    };
    importModule(ref.module).then(
      () => reject(notReached(ref, undefined)),
      (error: unknown) =>
        reject(
          new PsweepError(`a pool worker could not load ${ref.module}: ${String((error as Error)?.message ?? error)}`, {
            cause: error,
          }),
        ),
    );
  });
}

function notReached(ref: FuncRef, offered: string | undefined): PsweepError {
  const name = ref.name ? `func ${ref.name}` : "func (an anonymous function)";
  return new PsweepError(
    `${name} cannot be sent to pool workers: a worker loads ${ref.module} and takes the func of the first run() call there, ` +
      `but loading it ${offered === undefined ? "did not call run()" : `called run() with ${offered} first`}. ` +
      `Define func at the top level of your script and call run() there, or export func from a module and pass ` +
      `funcModule: the URL of that module (e.g. import.meta.url)`,
  );
}
