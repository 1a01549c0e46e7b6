import { hostname } from "node:os";
import type { Runtime } from "../../src/runtime.js";
import { isomorphicGit } from "../node/git.js";
import { tinypoolWorkerPool } from "../node/workerPool.js";
import { createAsyncContext } from "../node/asyncContext.js";
import { nodeFileSystem } from "../node/fileSystem.js";
import { bunProcesses } from "./processes.js";
import { bunStdio } from "./stdio.js";

// Bun implements node:fs, node:os and node:async_hooks natively, so those
// parts are the Node binding's; processes and stdio are Bun's own.
export const runtime: Runtime = {
  name: "bun",
  fs: nodeFileSystem,
  process: bunProcesses,
  stdio: bunStdio,
  hostname: () => hostname(),
  cwd: () => process.cwd(),
  createAsyncContext,
  // The worker entry is built next to this binding: dist/bun-worker.js.
  git: isomorphicGit,
  // TypeScript loads natively
  importModule: (url) => import(url) as Promise<Record<string, unknown>>,
  createWorkerPool: (size) => tinypoolWorkerPool(size, new URL("./bun-worker.js", import.meta.url)),
};
