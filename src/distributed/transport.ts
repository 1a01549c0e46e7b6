// Worker replies through Redis are JSON: result values and the start time
// travel as util/jsonCell.ts cells, so NaN, -0 and Dates arrive as they left.

import type { Outcome } from "../run/executor.js";
import { deserializeError, type WorkerReply } from "../pool/protocol.js";
import { cellFromJson, cellToJson } from "../util/jsonCell.js";

export type OutcomeJson = Omit<Extract<WorkerReply, { kind: "outcome" }>, "result" | "startedAt"> & {
  result?: Record<string, unknown>;
  startedAt: number;
};

export function outcomeToJson(reply: Extract<WorkerReply, { kind: "outcome" }>): OutcomeJson {
  const result = reply.result && Object.fromEntries(Object.entries(reply.result).map(([k, v]) => [k, cellToJson(v)]));
  return { ...reply, result, startedAt: reply.startedAt.getTime() };
}

export function outcomeFromJson(json: OutcomeJson): Outcome {
  return {
    index: json.index,
    result: json.result && Object.fromEntries(Object.entries(json.result).map(([k, v]) => [k, cellFromJson(v)])),
    error: json.error && deserializeError(json.error),
    startedAt: new Date(json.startedAt),
    host: json.host,
    seconds: json.seconds,
    logs: json.logs,
  };
}
