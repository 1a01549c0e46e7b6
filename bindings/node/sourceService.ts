// The main thread's side of TypeScript in Node pool workers. Node 20 runs
// module hooks in a thread of their own for every worker, and tsx's hooks
// cost each worker ~200 ms of CPU to start (loading tsx and esbuild there)
// on top of the ~90 ms any hooks thread costs. The main thread has
// transformed the script already: so a worker's hooks (workerSourceHooks.ts)
// ask it for each TypeScript module, and it answers with what its own
// loaders make of it, through hooks registered after them (sourceHooks.ts)
// on the first request.

import { register } from "node:module";
import { SOURCE_SCHEME, SOURCES_CHANNEL, type SourceAnswer, type SourceRequest } from "./sourceProtocol.js";

let channel: (BroadcastChannel & { unref(): void }) | undefined;
let hooksRegistered = false;

/** Answers the pool workers' requests from now on (idempotent; never keeps the process alive). */
export function serveSources(): void {
  if (channel !== undefined) return;
  channel = new BroadcastChannel(SOURCES_CHANNEL) as BroadcastChannel & { unref(): void };
  channel.unref();
  channel.onmessage = (event) => {
    const message = (event as MessageEvent<{ id: string; request?: SourceRequest }>).data;
    if (message.request !== undefined) void answer(message.id, message.request);
  };
}

async function answer(id: string, request: SourceRequest): Promise<void> {
  let reply: SourceAnswer;
  try {
    if (!hooksRegistered) {
      register(new URL("./node-source-hooks.js", import.meta.url).href);
      hooksRegistered = true;
    }
    const specifier = SOURCE_SCHEME + encodeURIComponent(JSON.stringify(request));
    reply = ((await import(specifier)) as { default: SourceAnswer }).default;
  } catch (error) {
    reply = { error: String((error as Error)?.message ?? error) };
  }
  channel?.postMessage({ id, answer: reply });
}
