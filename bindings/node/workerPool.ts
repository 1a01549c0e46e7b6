import Tinypool from "tinypool";
import type { WorkerPool } from "../../src/runtime.js";

/**
 * A pool of worker threads on tinypool, each running the worker entry at
 * `workerUrl` (a built file next to this binding in dist/). Bun and Deno use
 * it too, through their node:worker_threads.
 */
export function tinypoolWorkerPool(size: number, workerUrl: URL, options: { useAtomics?: boolean } = {}): WorkerPool {
  const pool = new Tinypool({
    filename: workerUrl.href,
    minThreads: size,
    maxThreads: size,
    isolateWorkers: false,
    useAtomics: options.useAtomics ?? true,
    // Workers re-run the calling script to find func: they see its arguments, as it did.
    argv: process.argv.slice(2),
  });
  return {
    size,
    run: (request) => pool.run(request),
    close: () => pool.destroy(),
  };
}
