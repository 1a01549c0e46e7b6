// What the main thread and a pool worker say to each other. Everything here
// must survive structured clone: no functions, errors flattened.

import type { Task } from "../run/task.js";

/** How a worker finds func. */
export interface FuncRef {
  /** URL of the module to load: the program's main module, or the one given as funcModule. */
  readonly module: string;
  /** Take this export of the module (funcModule); otherwise load the module and take the func its run() call passes. */
  readonly exportName?: string;
  /** func.name and func.toString() in the main thread, to check the worker found the same function. */
  readonly name: string;
  readonly source: string;
}

export interface WorkerRequest {
  readonly func: FuncRef;
  readonly captureLogs: boolean;
  /** Undefined: only load func and answer "ready" (a pool warming up while run() plans). */
  readonly task: Task | undefined;
}

export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

export type WorkerReply =
  | {
      readonly kind: "outcome";
      readonly index: number;
      readonly result?: Record<string, unknown>;
      readonly error?: SerializedError;
      readonly startedAt: Date;
      readonly host: string;
      readonly seconds: number;
      readonly logs?: string;
    }
  /** The worker could not get func at all: the whole run stops. */
  | { readonly kind: "setup-error"; readonly error: SerializedError }
  /** func is loaded (the answer to a request without a task). */
  | { readonly kind: "ready" };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: "Error", message: String(error) };
}

/** An Error in this thread with the name, message and original stack of one thrown in a worker. */
export function deserializeError(error: SerializedError): Error {
  const revived = new Error(error.message);
  revived.name = error.name;
  revived.stack = error.stack ?? `${error.name}: ${error.message}`;
  return revived;
}
