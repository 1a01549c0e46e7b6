// The body of a pool worker: get func once, then run each task as the main
// thread would (invoke), and send the outcome back.

import type { Runtime } from "../runtime.js";
import { invoke } from "../run/invoke.js";
import { LogCapture } from "../run/logs.js";
import type { Func } from "../run/executor.js";
import { serializeError, type WorkerReply, type WorkerRequest } from "./protocol.js";
import { loadFunc } from "./workerFunc.js";

/**
 * Handles requests in one worker; func and log capture are set up on the
 * first. `importModule` loads a module by URL the runtime's way.
 */
export function workerHandler(
  runtime: Runtime,
  importModule: (url: string) => Promise<Record<string, unknown>> = (url) => import(url) as Promise<Record<string, unknown>>,
): (request: WorkerRequest) => Promise<WorkerReply> {
  let func: Promise<Func<never>> | undefined;
  let capture: LogCapture | undefined;
  const host = runtime.hostname();
  return async (request) => {
    func ??= loadFunc(request.func, importModule);
    let loaded: Func<never>;
    try {
      loaded = await func;
    } catch (error) {
      return { kind: "setup-error", error: serializeError(error) };
    }
    if (request.captureLogs && capture === undefined) {
      capture = new LogCapture(runtime);
      capture.start();
    }
    const outcome = await invoke(loaded, request.task, { capture: request.captureLogs ? capture : undefined, host });
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
