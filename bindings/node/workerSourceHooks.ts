// Module hooks of a Node pool worker: a TypeScript module comes as the main
// thread's loader (tsx) made it, asked for over a BroadcastChannel (see
// sourceService.ts), instead of through tsx's own hooks registered in every
// worker. Built as dist/node-worker-hooks.js; runs in the worker's hooks
// thread, registered only once the main thread has shown it can load the
// worker's first TypeScript module (see importModule.ts).

import { threadId } from "node:worker_threads";
import { SOURCES_CHANNEL, type SourceAnswer, type SourceRequest } from "./sourceProtocol.js";

interface Context {
  conditions?: string[];
  parentURL?: string;
  format?: string | null;
}
type Resolved = { url: string; format?: string | null; shortCircuit?: boolean };
type Loaded = { format: string; source?: unknown; shortCircuit?: boolean };
type NextResolve = (specifier: string, context: Context) => Promise<Resolved>;
type NextLoad = (url: string, context: Context) => Promise<Loaded>;

const TYPESCRIPT = /\.[cm]?tsx?$/;
const isTypescript = (url: string | undefined): boolean =>
  url !== undefined && url.startsWith("file:") && TYPESCRIPT.test(new URL(url).pathname);

let channel: BroadcastChannel & { ref(): void; unref(): void };
const pending = new Map<string, (answer: SourceAnswer) => void>();
let asked = 0;

export function initialize(): void {
  channel = new BroadcastChannel(SOURCES_CHANNEL) as typeof channel;
  channel.onmessage = (event) => {
    const { id, answer } = (event as MessageEvent<{ id: string; answer?: SourceAnswer }>).data;
    const settle = answer && pending.get(id);
    if (!settle) return; // a request, or the answer to another worker
    pending.delete(id);
    // Only a request in flight keeps this thread waiting: the channel must not keep the worker alive.
    if (pending.size === 0) channel.unref();
    settle(answer);
  };
  channel.unref();
}

function ask(request: SourceRequest): Promise<SourceAnswer> {
  const id = `${threadId}:${asked++}`;
  return new Promise((settle) => {
    pending.set(id, settle);
    channel.ref();
    channel.postMessage({ id, request });
  });
}

export async function resolve(specifier: string, context: Context, next: NextResolve): Promise<Resolved> {
  try {
    return await next(specifier, context);
  } catch (error) {
    // What Node cannot resolve from a TypeScript module (./x.js meaning ./x.ts, tsconfig paths): as the main thread does.
    if (!isTypescript(context.parentURL)) throw error;
    const answer = await ask({ resolve: specifier, parentURL: context.parentURL! });
    if (!("url" in answer)) throw error;
    return { url: answer.url, format: answer.format, shortCircuit: true };
  }
}

export async function load(url: string, context: Context, next: NextLoad): Promise<Loaded> {
  if (!isTypescript(url)) return next(url, context);
  const answer = await ask({ load: url });
  // An ES module only: a CommonJS one would require() its imports past these hooks. Otherwise Node's own error.
  if ("source" in answer && answer.format === "module")
    return { format: answer.format, source: answer.source, shortCircuit: true };
  return next(url, context);
}
