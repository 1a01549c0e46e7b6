import { AsyncLocalStorage } from "node:async_hooks";
import type { AsyncContext } from "../../src/runtime.js";

/** AsyncLocalStorage from node:async_hooks (Bun and Deno provide it too). */
export function createAsyncContext<T>(): AsyncContext<T> {
  const storage = new AsyncLocalStorage<T>();
  return { run: (value, fn) => storage.run(value, fn), get: () => storage.getStore() };
}
