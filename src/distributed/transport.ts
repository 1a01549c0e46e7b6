// Worker replies through Redis are JSON: result values and the start time
// travel as tagged JSON (cells/jsonCell.ts), so NaN, -0 and Dates arrive as they left.

import type { Outcome, Task } from "../run/task.js";
import { deserializeError, type WorkerReply } from "../pool/protocol.js";
import { cellFromJson, cellToJson } from "../cells/jsonCell.js";

export type OutcomeJson = Omit<Extract<WorkerReply, { kind: "outcome" }>, "kind" | "index" | "result" | "startedAt"> & {
  result?: Record<string, unknown>;
  startedAt: number;
};

export function outcomeToJson(reply: Extract<WorkerReply, { kind: "outcome" }>): OutcomeJson {
  const result = reply.result && Object.fromEntries(Object.entries(reply.result).map(([k, v]) => [k, cellToJson(v)]));
  return {
    result,
    error: reply.error,
    startedAt: reply.startedAt.getTime(),
    host: reply.host,
    seconds: reply.seconds,
    logs: reply.logs,
  };
}

/** The outcome of `task` (its position comes from the caller's own task, never from the message). */
export function outcomeFromJson(task: Task, json: OutcomeJson): Outcome {
  return {
    index: task.index,
    result: json.result && Object.fromEntries(Object.entries(json.result).map(([k, v]) => [k, cellFromJson(v)])),
    error: json.error && deserializeError(json.error),
    startedAt: new Date(json.startedAt),
    host: json.host,
    seconds: json.seconds,
    logs: json.logs,
  };
}

/** Redis keys of psweep's own, next to BullMQ's. */
export const keys = {
  /** The caller's results list: workers push outcomes, the caller pops them. */
  out: (queue: string, reply: string) => `psweep:${queue}:out:${reply}`,
  /** Pset ids of a chunk whose outcomes were pushed: a chunk retried elsewhere skips them. */
  done: (queue: string, jobId: string) => `psweep:${queue}:done:${jobId}`,
};

/** How long psweep's keys outlive their last write, when the caller never comes back to delete them. */
export const KEY_TTL_MS = 7 * 24 * 3600 * 1000;
