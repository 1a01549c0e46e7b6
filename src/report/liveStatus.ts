// How far the running sweeps are, from their write-ahead logs (the lines:
// database/walFormat.ts): tasks planned, rows finished, failures, and the
// rate since the first row started. Pure: the caller reads the logs.

import { parseWal } from "../database/walFormat.js";

export interface LiveStatus {
  /** Rows logged by the running sweeps. */
  readonly done: number;
  /** Tasks the running sweeps planned. */
  readonly total: number;
  /** Rows per second since the first logged row started. */
  readonly rate: number;
  readonly failed: number;
  /** Running sweeps (logs). */
  readonly sweeps: number;
}

/** The status of the sweeps whose logs are `logs` (their texts), at time `nowMs`; null when there is none. */
export function liveStatus(logs: readonly string[], nowMs: number): LiveStatus | null {
  if (logs.length === 0) return null;
  let done = 0;
  let total = 0;
  let failed = 0;
  let first = Infinity;
  for (const text of logs) {
    const { rows, window, otherFormat } = parseWal(text);
    if (otherFormat !== undefined) continue; // a newer psweep's: nothing of it can be read
    // A run of several windows logs one window at a time: the windows before are done, in the file.
    if (window !== undefined) {
      total += window.of;
      done += window.first;
    } else {
      for (const line of text.split("\n")) {
        if (!line.startsWith('{"plan":')) continue;
        const { plan } = JSON.parse(line) as { plan: { first: number; psets?: unknown[]; count?: number } };
        total += plan.count ?? plan.psets?.length ?? 0;
      }
    }
    done += rows.length;
    for (const row of rows) {
      if (row._failed === true) failed++;
      const t =
        row._time_utc instanceof Date
          ? row._time_utc.getTime()
          : typeof row._time_utc === "number"
            ? row._time_utc
            : NaN;
      if (t < first) first = t;
    }
  }
  const seconds = (nowMs - first) / 1000;
  return { done, total, rate: done > 0 && seconds > 0 ? done / seconds : 0, failed, sweeps: logs.length };
}
