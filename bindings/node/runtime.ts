import { hostname } from "node:os";
import type { Runtime } from "../../src/runtime.js";
import { isomorphicGit } from "./git.js";
import { importModule } from "./importModule.js";
import { tinypoolWorkerPool } from "./workerPool.js";
import { createAsyncContext } from "./asyncContext.js";
import { nodeFileSystem } from "./fileSystem.js";
import { nodeProcesses } from "./processes.js";
import { nodeStdio } from "./stdio.js";

export const runtime: Runtime = {
  name: "node",
  fs: nodeFileSystem,
  process: nodeProcesses,
  stdio: nodeStdio,
  hostname: () => hostname(),
  cwd: () => process.cwd(),
  createAsyncContext,
  // The worker entry is built next to this binding: dist/node-worker.js.
  git: isomorphicGit,
  importModule,
  createWorkerPool: (size) => tinypoolWorkerPool(size, new URL("./node-worker.js", import.meta.url)),
};
