// Used by node, bun and deno: all three implement AsyncLocalStorage in
// node:async_hooks, following await and timers as Node does (Deno's is in its
// Node compatibility layer, not a Deno.* API).

import type { AsyncContext } from "../../src/runtime.js";
import { builtin } from "./builtin.js";

export function createAsyncContext<T>(): AsyncContext<T> {
  const storage = new (builtin("node:async_hooks").AsyncLocalStorage)<T>();
  return { run: (value, fn) => storage.run(value, fn), get: () => storage.getStore() };
}
