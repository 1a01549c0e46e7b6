// What a queue holds and who works on it (psweep queue): counts of jobs by
// state, and the workers connected to it.

import type { ConnectionOptions } from "bullmq";
import { PsweepError, describe } from "../errors.js";
import type { Runtime } from "../runtime.js";
import { probe, resolveConnection, type ConnectionSettings } from "./connection.js";
import { ID } from "./message.js";
import { loadBullmq } from "./packages.js";

export interface QueueStatusOptions extends ConnectionSettings {
  queue: string;
}

export interface QueueStatus {
  /** The server, without its password. */
  readonly server: string;
  /** Jobs (each a chunk of psets) by state. */
  readonly counts: { waiting: number; active: number; delayed: number; failed: number; completed: number };
  /** Workers connected: name (host:pid), address, seconds connected and idle. */
  readonly workers: readonly { name: string; address: string; ageSeconds: number; idleSeconds: number }[];
}

export async function queueStatus(runtime: Runtime, options: QueueStatusOptions): Promise<QueueStatus> {
  if (typeof options.queue !== "string" || !ID.test(options.queue)) {
    throw new PsweepError(
      `queueStatus: queue must be a name of letters, digits, _ and -, got ${describe(options.queue)}`,
    );
  }
  const connection = await resolveConnection(runtime, options, "queueStatus");
  await probe(connection, "queueStatus()");
  const { Queue } = await loadBullmq("queueStatus()");
  const queue = new Queue(options.queue, { connection: connection.options as unknown as ConnectionOptions });
  queue.on("error", () => undefined); // the probe has told what is wrong with the server
  try {
    const counts = await queue.getJobCounts("waiting", "active", "delayed", "failed", "completed", "prioritized");
    const workers = await queue.getWorkers();
    const number = (value: string | undefined): number => Number(value ?? 0) || 0;
    return {
      server: connection.display,
      counts: {
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        failed: counts.failed ?? 0,
        completed: counts.completed ?? 0,
      },
      workers: workers.map((w) => ({
        name: (w.rawname ?? w.name ?? "").replace(/^.*?:w:/, ""),
        address: w.addr ?? "",
        ageSeconds: number(w.age),
        idleSeconds: number(w.idle),
      })),
    };
  } finally {
    await queue.close();
  }
}
