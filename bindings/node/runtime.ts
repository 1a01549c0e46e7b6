import { hostname } from "node:os";
import type { Runtime } from "../../src/runtime.js";
import { createAsyncContext } from "../shared/asyncContext.js";
import { importSync } from "../shared/importSync.js";
import { isomorphicGit } from "../shared/isomorphicGit.js";
import { nodeFileSystem } from "../shared/nodeFileSystem.js";
import { tinypoolWorkerPool } from "../shared/tinypoolWorkerPool.js";
import { importModule } from "./importModule.js";
import { nodeProcesses } from "./processes.js";
import { serveSources } from "./sourceService.js";
import { nodeStdio } from "./stdio.js";

export const runtime: Runtime = {
  name: "node",
  fs: nodeFileSystem,
  process: nodeProcesses,
  stdio: nodeStdio,
  hostname: () => hostname(),
  cwd: () => process.cwd(),
  createAsyncContext,
  git: isomorphicGit,
  importModule,
  importSync,
  // The worker entry is built next to this binding: dist/node-worker.js.
  createWorkerPool: (size) => {
    serveSources(); // the workers' TypeScript modules (bindings/node/sourceService.ts)
    return tinypoolWorkerPool(size, new URL("./node-worker.js", import.meta.url));
  },
};
