// The body of a worker, local (pool thread) or remote (distributed worker):
// get func, then run each task as the main thread would (invoke) and send
// the outcome back.

import { markWorker } from "./isWorker.js";
import { provideSyncImport } from "../arrow/loadArrow.js";
import { PsweepError } from "../errors.js";
import type { Runtime } from "../runtime.js";
import { invoke } from "../run/invoke.js";
import { LogCapture } from "../run/logs.js";
import type { Func } from "../run/task.js";
import { serializeError, type FuncRef, type WorkerReply, type WorkerRequest } from "./protocol.js";
import { loadFunc } from "./workerFunc.js";

/**
 * Handles requests in one worker. Each func is loaded once (a distributed
 * worker may serve several sweeps), one load at a time: loading a script
 * hands over its func through one global slot.
 */
export function workerHandler(runtime: Runtime): (request: WorkerRequest) => Promise<WorkerReply> {
  markWorker();
  provideSyncImport(runtime.importSync);
  const funcs = new Map<string, Promise<Func<never>>>();
  let loading: Promise<unknown> = Promise.resolve();
  let capture: LogCapture | undefined;
  const host = runtime.hostname();
  const scripts = new Set<string>(); // modules loaded to take the func of their first run() call
  const funcOf = (ref: FuncRef): Promise<Func<never>> => {
    const key = JSON.stringify([ref.module, ref.exportName, ref.source]);
    let func = funcs.get(key);
    if (func === undefined) {
      if (ref.exportName === undefined && scripts.has(ref.module)) {
        // Loading it again would wait forever: the first load stopped at its first run() call.
        func = Promise.reject(
          new PsweepError(
            `func ${ref.name || "(an anonymous function)"} cannot be taken from ${ref.module}: this worker loaded it already ` +
              "and took the func of its first run() call. Export func from a module and pass funcModule",
          ),
        );
      } else {
        if (ref.exportName === undefined) scripts.add(ref.module);
        func = loading.then(() => loadFunc(ref, (url) => runtime.importModule(url)));
      }
      loading = func.catch(() => undefined);
      funcs.set(key, func);
    }
    return func;
  };
  return async (request) => {
    let func: Func<never>;
    try {
      func = await funcOf(request.func);
    } catch (error) {
      return { kind: "setup-error", error: serializeError(error) };
    }
    if (request.task === undefined) return { kind: "ready" };
    if (request.captureLogs && capture === undefined) {
      capture = new LogCapture(runtime);
      capture.start();
    }
    const outcome = await invoke(func, request.task, { capture: request.captureLogs ? capture : undefined, host });
    return {
      kind: "outcome",
      index: outcome.index,
      result: outcome.result,
      error: outcome.error === undefined ? undefined : serializeError(outcome.error),
      startedAt: outcome.startedAt,
      host: outcome.host,
      seconds: outcome.seconds,
      logs: outcome.logs,
    };
  };
}
