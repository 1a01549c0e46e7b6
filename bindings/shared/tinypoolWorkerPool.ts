// Used by node and bun: tinypool runs on node:worker_threads, which Bun
// implements. (Deno could too, but its own web Workers start and pass
// messages faster: bindings/deno/webWorkerPool.ts.)

import type { WorkerPool } from "../../src/runtime.js";

/**
 * A pool of worker threads on tinypool, each running the worker entry at
 * `workerUrl` (a built file next to the binding's entry in dist/). tinypool
 * is loaded with the first pool, not with psweep.
 */
export function tinypoolWorkerPool(size: number, workerUrl: URL, options: { useAtomics?: boolean } = {}): WorkerPool {
  const pool = import("tinypool").then(
    ({ default: Tinypool }) =>
      new Tinypool({
        filename: workerUrl.href,
        minThreads: size,
        maxThreads: size,
        isolateWorkers: false,
        useAtomics: options.useAtomics ?? true,
        // Workers re-run the calling script to find func: they see its arguments, as it did.
        argv: process.argv.slice(2),
        execArgv: withoutTsx(process.execArgv),
      }),
  );
  return {
    size,
    // tinypool unrefs a worker whenever it has no task (and refs it while it runs one).
    idleKeepsProcessAlive: false,
    run: async (request) => (await pool).run(request),
    close: async () => (await pool).destroy(),
  };
}

/**
 * The parent's Node options for a worker, without tsx's: its hooks do not
 * reach worker threads anyway (a worker registers tsx itself when it loads a
 * TypeScript module, see bindings/node/importModule.ts), and loading it costs every worker
 * about 150 ms at start.
 */
function withoutTsx(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const option = execArgv[i]!;
    const value = execArgv[i + 1] ?? "";
    if ((option === "--require" || option === "--import" || option === "-r") && /[\\/]tsx[\\/]|^tsx$/.test(value)) i++;
    else if (/^--(require|import)=.*([\\/]tsx[\\/]|=tsx$)/.test(option)) continue;
    else kept.push(option);
  }
  return kept;
}
