// Module loading in a pool worker on Node. Node itself cannot load
// TypeScript, and the hooks tsx installs in the main thread do not reach
// worker threads (Node 20): so a TypeScript module is loaded after
// registering tsx's loader in the worker too, when tsx is installed.
//
// What that costs, per worker (CPU time of the process, Node 20.20): the
// loader runs in a hooks thread of its own, which boots and loads tsx and
// esbuild (~200-300 ms). Registering through tsx's API (tsx/esm/api) loaded
// all of tsx and esbuild a second time in the worker thread itself, only to
// call module.register: ~150 ms more. So the loader is registered here
// directly, as tsx documents for module.register, and tsx is never imported
// into the worker thread. Every import after that goes through the hooks
// thread, which doubled the time to load psweep: so psweep is loaded first,
// and the script's own import of it finds it loaded.
//
// A pool worker whose main thread has loaded the module through its own
// loader (the script run under tsx) needs no tsx at all: its hooks ask the
// main thread for the JavaScript (sourceService.ts). A hooks thread still
// (~90 ms per worker), but no tsx and esbuild in it: pool start of 2 workers
// under tsx went from ~800 to ~500 ms of CPU.

import { register } from "node:module";
import { threadId } from "node:worker_threads";
import { SOURCES_CHANNEL, type SourceAnswer, type SourceRequest } from "./sourceProtocol.js";

const TYPESCRIPT = /\.[cm]?tsx?$/;
let tsx: Promise<void> | undefined;
/** In a pool worker whose main thread answers for TypeScript modules (see sourceService.ts). */
let fromMainThread = false;

/** Called by the pool worker's entry: its TypeScript modules come from the main thread. */
export function typescriptFromMainThread(): void {
  fromMainThread = true;
}

export async function importModule(url: string): Promise<Record<string, unknown>> {
  if (TYPESCRIPT.test(new URL(url).pathname)) {
    tsx ??= registerTsx(url);
    await tsx;
  }
  return (await import(url)) as Record<string, unknown>;
}

/** Whether the main thread's loaders make an ES module of `url` (they do when it runs under tsx). */
async function mainThreadLoads(url: string): Promise<boolean> {
  const channel = new BroadcastChannel(SOURCES_CHANNEL);
  const id = `${threadId}:first`;
  try {
    const answer = await new Promise<SourceAnswer>((settle) => {
      channel.onmessage = (event) => {
        const message = (event as MessageEvent<{ id: string; answer?: SourceAnswer }>).data;
        if (message.id === id && message.answer !== undefined) settle(message.answer);
      };
      channel.postMessage({ id, request: { load: url } satisfies SourceRequest });
    });
    return "source" in answer && answer.format === "module";
  } finally {
    channel.close();
  }
}

async function registerTsx(url: string): Promise<void> {
  await import(new URL("./node.js", import.meta.url).href); // the package entry, built next to this file
  if (fromMainThread && (await mainThreadLoads(url))) {
    // A hooks thread all the same (~90 ms), but no tsx in it: the main thread's transform, asked for.
    register(new URL("./node-worker-hooks.js", import.meta.url).href);
    process.setSourceMapsEnabled(true);
    return;
  }
  const specifier = "tsx/esm"; // not resolved at build time: tsx is the user's
  try {
    // data: tsx's loader refuses to start without it (it takes it for the --loader flag it no longer supports).
    register(specifier, { parentURL: import.meta.url, data: true });
  } catch (error) {
    throw new Error(
      `cannot load a TypeScript module in a Node worker thread without tsx (${String((error as Error).message)}); ` +
        "install tsx and start the script with it (npx tsx script.ts), or compile the script to JavaScript",
      { cause: error },
    );
  }
  // As tsx's own registration does: stack traces of errors in func point into the TypeScript source.
  process.setSourceMapsEnabled(true);
}
