// A pool of Deno's own web Workers (module workers), each running the worker
// entry at `workerUrl` (dist/deno-worker.js). It starts faster than tinypool
// through Deno's node:worker_threads (about 50 ms instead of 120 ms for two
// workers) and passes messages faster.

import type { WorkerPool } from "../../src/runtime.js";

interface Slot {
  worker: Worker;
  /** The request this worker is running. */
  current?: { id: number; resolve(reply: unknown): void; reject(error: Error): void };
}

export function webWorkerPool(size: number, workerUrl: URL): WorkerPool {
  const waiting: Array<{ request: unknown; resolve(reply: unknown): void; reject(error: Error): void }> = [];
  let nextId = 0;
  let closed = false;

  const start = (): Slot => {
    const slot: Slot = { worker: new Worker(workerUrl, { type: "module" }) };
    slot.worker.onmessage = (event: MessageEvent<{ id: number; reply: unknown }>) => {
      const current = slot.current;
      slot.current = undefined;
      if (current?.id === event.data.id) current.resolve(event.data.reply);
      dispatch();
    };
    slot.worker.onerror = (event: ErrorEvent) => {
      // An error thrown outside any request's handling ends this worker: the
      // request it was running fails, and a fresh worker takes its place.
      event.preventDefault();
      slot.worker.terminate();
      const current = slot.current;
      slot.current = undefined;
      slots[slots.indexOf(slot)] = start();
      current?.reject(new Error(`worker error: ${event.message}`));
      dispatch();
    };
    return slot;
  };
  const slots = Array.from({ length: size }, start);

  const dispatch = (): void => {
    for (const slot of slots) {
      if (closed || waiting.length === 0) return;
      if (slot.current !== undefined) continue;
      const { request, resolve, reject } = waiting.shift()!;
      slot.current = { id: nextId++, resolve, reject };
      slot.worker.postMessage({ id: slot.current.id, request });
    }
  };

  return {
    size,
    // Deno's web Workers have no unref: an idle one keeps the process running.
    idleKeepsProcessAlive: true,
    run(request) {
      return new Promise<unknown>((resolve, reject) => {
        waiting.push({ request, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const slot of slots) {
        slot.worker.terminate();
        slot.current?.reject(new Error("the pool was closed"));
      }
    },
  };
}
