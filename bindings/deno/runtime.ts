import type { Runtime } from "../../src/runtime.js";
import { createAsyncContext } from "../shared/asyncContext.js";
import { importSync } from "../shared/importSync.js";
import { isomorphicGit } from "../shared/isomorphicGit.js";
import type { DenoNamespace } from "./deno.js";
import { denoFileSystem } from "./fileSystem.js";
import { denoProcesses } from "./processes.js";
import { denoStdio } from "./stdio.js";
import { webWorkerPool } from "./webWorkerPool.js";

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
  git: isomorphicGit,
  // TypeScript loads natively
  importModule: (url) => import(url) as Promise<Record<string, unknown>>,
  importSync,
  // Deno's own web Workers; the worker entry is built next to this binding: dist/deno-worker.js.
  createWorkerPool: (size) => webWorkerPool(size, new URL("./deno-worker.js", import.meta.url)),
};
