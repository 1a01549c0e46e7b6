import { hostname } from "node:os";
import type { Runtime } from "../../src/runtime.js";
import { createAsyncContext } from "../shared/asyncContext.js";
import { importSync } from "../shared/importSync.js";
import { isomorphicGit } from "../shared/isomorphicGit.js";
import { nodeFileSystem } from "../shared/nodeFileSystem.js";
import { tinypoolWorkerPool } from "../shared/tinypoolWorkerPool.js";
import { bunProcesses } from "./processes.js";
import { bunStdio } from "./stdio.js";

// Bun implements node:fs, node:os, node:async_hooks and node:worker_threads
// natively, so those parts are shared with the Node binding
// (bindings/shared/); processes and stdio are Bun's own.
export const runtime: Runtime = {
  name: "bun",
  fs: nodeFileSystem,
  process: bunProcesses,
  stdio: bunStdio,
  hostname: () => hostname(),
  cwd: () => process.cwd(),
  createAsyncContext,
  git: isomorphicGit,
  // TypeScript loads natively
  importModule: (url) => import(url) as Promise<Record<string, unknown>>,
  importSync,
  // The worker entry is built next to this binding: dist/bun-worker.js.
  createWorkerPool: (size) => tinypoolWorkerPool(size, new URL("./bun-worker.js", import.meta.url)),
};
