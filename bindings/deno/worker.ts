// Entry of a pool worker on Deno (built as dist/deno-worker.js).
import { workerHandler } from "../../src/pool/worker.js";
import { WorkerExitError, guardProcessExit } from "../node/exitGuard.js";
import type { DenoNamespace } from "./deno.js";
import { runtime } from "./runtime.js";

declare const Deno: DenoNamespace;

guardProcessExit();
Deno.exit = (code?: number): never => {
  throw new WorkerExitError(code, "Deno.exit");
};

export default workerHandler(runtime);
