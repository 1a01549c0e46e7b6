// Entry of a pool worker on Deno (built as dist/deno-worker.js): a module
// web Worker answering {id, request} messages with {id, reply}.
import type { WorkerRequest } from "../../src/pool/protocol.js";
import { workerHandler } from "../../src/pool/workerHandler.js";
import { WorkerExitError, guardProcessExit } from "../shared/exitGuard.js";
import type { DenoNamespace } from "./deno.js";
import { runtime } from "./runtime.js";

declare const Deno: DenoNamespace;
declare const self: {
  onmessage: ((event: MessageEvent<{ id: number; request: WorkerRequest }>) => void) | null;
  postMessage(message: unknown): void;
};

guardProcessExit();
Deno.exit = (code?: number): never => {
  throw new WorkerExitError(code, "Deno.exit");
};

const handle = workerHandler(runtime);
self.onmessage = async (event) => {
  self.postMessage({ id: event.data.id, reply: await handle(event.data.request) });
};
