import type { Runtime } from "../../src/runtime.js";
import { isomorphicGit } from "../node/git.js";
import { tinypoolWorkerPool } from "../node/workerPool.js";
import { createAsyncContext } from "../node/asyncContext.js";
import type { DenoNamespace } from "./deno.js";
import { denoFileSystem } from "./fileSystem.js";
import { denoProcesses } from "./processes.js";
import { denoStdio } from "./stdio.js";

declare const Deno: DenoNamespace;

// Deno's own APIs for files, processes and stdio; AsyncLocalStorage comes
// from Deno's node:async_hooks (it follows await and timers as on Node).
export const runtime: Runtime = {
  name: "deno",
  fs: denoFileSystem,
  process: denoProcesses,
  stdio: denoStdio,
  hostname: () => Deno.hostname(),
  cwd: () => Deno.cwd(),
  createAsyncContext,
  // The worker entry is built next to this binding: dist/deno-worker.js.
  // tinypool through node:worker_threads; with Atomics a result is sometimes lost on Deno (TOOLCHAIN.md).
  git: isomorphicGit,
  // TypeScript loads natively
  importModule: (url) => import(url) as Promise<Record<string, unknown>>,
  createWorkerPool: (size) => tinypoolWorkerPool(size, new URL("./deno-worker.js", import.meta.url), { useAtomics: false }),
};
