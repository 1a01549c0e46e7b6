// Entry of a pool worker on Deno (built as dist/deno-worker.js): a module
// web Worker answering {id, request} messages with {id, reply}.
import type { WorkerRequest } from "../../src/pool/protocol.js";
import { workerHandler } from "../../src/pool/workerHandler.js";
import { WorkerExitError } from "../shared/exitGuard.js";
import type { DenoNamespace } from "./deno.js";
import { runtime } from "./runtime.js";

declare const Deno: DenoNamespace;
declare const self: {
  onmessage: ((event: MessageEvent<{ id: number; request: WorkerRequest }>) => void) | null;
  postMessage(message: unknown): void;
};

// Deno's process.exit ends in Deno.exit (through process.reallyExit), so this
// one guard catches both, without touching `process`, which would set up
// Deno's Node compatibility layer in every worker (see
// bindings/shared/builtin.ts). The stack tells which one func called.
Deno.exit = (code?: number): never => {
  const viaProcess = /\bprocess\.exit\b/.test(new Error().stack ?? "");
  throw new WorkerExitError(code, viaProcess ? "process.exit" : "Deno.exit");
};

const handle = workerHandler(runtime);
self.onmessage = async (event) => {
  self.postMessage({ id: event.data.id, reply: await handle(event.data.request) });
};
