// One run at a time per database: a lock file created exclusively, holding
// who took it. The holder refreshes the file's modification time every few
// seconds (its heartbeat) while it holds it.
//
// A waiter takes over a lock that is stale: on this host, when its process
// is gone; from another host (whose pid means nothing here), when its
// heartbeat stopped for STALE_HEARTBEAT_MS. The takeover is guarded by a
// second exclusive file, so two waiters cannot both break the same lock. A
// lock that is not stale is waited for; after REPORT_AFTER_MS the waiter says
// once, on stderr, who holds it and how to go on: a run that waits in silence
// looks hung.

import { PsweepError } from "../errors.js";
import type { Runtime } from "../runtime.js";
import { fileError } from "./fileTrouble.js";

interface Holder {
  pid: number;
  host: string;
  since: string;
  purpose: string;
  /** How often the holder refreshes the lock's modification time; absent in locks of the first release. */
  heartbeatMs?: number;
}

/** A guard of a takeover is stale when older than this: a takeover takes milliseconds. */
const BREAK_STALE_MS = 10_000;
const POLL_MS = 50;
const HEARTBEAT_MS = 2_000;
/**
 * A lock from another host is stale when its heartbeat is this old (by this
 * host's clock) and did not move while this waiter watched it for two
 * beats. Generous: a func that blocks its thread stops the heartbeat too.
 */
const STALE_HEARTBEAT_MS = 10 * 60_000;
export const REPORT_AFTER_MS = 3_000;

export interface LockOptions {
  /** Give up waiting after this many ms (default: wait as long as the other run takes). */
  timeoutMs?: number;
  /** Shown to a run that waits for this one. */
  purpose: string;
}

/** Waits for the lock at `path` and takes it; resolves to the function that releases it. */
export async function acquireLock(runtime: Runtime, path: string, options: LockOptions): Promise<() => Promise<void>> {
  const { fs } = runtime;
  const own: Holder = {
    pid: runtime.process.pid,
    host: runtime.hostname(),
    since: new Date().toISOString(),
    purpose: options.purpose,
    heartbeatMs: HEARTBEAT_MS,
  };
  const text = JSON.stringify(own);
  const started = performance.now();
  let unreadableSince: number | undefined;
  let reported = false;
  const beat = new HeartbeatWatch();
  for (;;) {
    try {
      await fs.writeFile(path, text, { exclusive: true });
      return holdLock(runtime, path, own);
    } catch (error) {
      if ((error as { code?: string }).code !== "EEXIST") throw fileError(error, path, "taking the database's lock");
    }
    const holder = await readHolder(runtime, path);
    // Unreadable for long: its creator died between creating and writing it.
    unreadableSince = holder ? undefined : (unreadableSince ?? performance.now());
    const abandoned = unreadableSince !== undefined && performance.now() - unreadableSince > BREAK_STALE_MS;
    const modified = holder ? await fs.modifiedAt(path) : null;
    const heartbeatStopped = holder !== undefined && modified !== null && beat.stopped(holder, modified);
    if (holder && holder.host !== own.host && heartbeatStopped) {
      runtime.stdio.write(
        "stderr",
        `psweep: taking over ${path}: ${describeHolder(holder, modified)}, and its heartbeat stopped; that run is taken as gone\n`,
      );
    }
    if (
      (holder && holder.host === own.host && !runtime.process.isAlive(holder.pid)) ||
      (holder && holder.host !== own.host && heartbeatStopped) ||
      abandoned
    ) {
      await breakStaleLock(runtime, path, holder);
      continue;
    }
    const waited = performance.now() - started;
    if (!reported && waited > REPORT_AFTER_MS) {
      reported = true;
      runtime.stdio.write(
        "stderr",
        `psweep: waiting for ${path}: ${describeHolder(holder, modified)}. ${howToGoOn(path, holder, own.host, heartbeatStopped)}\n`,
      );
    }
    if (options.timeoutMs !== undefined && waited > options.timeoutMs) {
      throw new PsweepError(
        `${path} is locked by ${describeHolder(holder, modified)}; waited ${options.timeoutMs} ms. Wait for it to finish, or raise lockTimeout`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Refreshes the lock's heartbeat until released; resolves to the function that releases it. */
function holdLock(runtime: Runtime, path: string, own: Holder): () => Promise<void> {
  const timer = setInterval(() => void runtime.fs.touch(path).catch(() => undefined), HEARTBEAT_MS);
  (timer as { unref?: () => void }).unref?.(); // a heartbeat alone does not keep the process alive
  return async () => {
    clearInterval(timer);
    if ((await readHolder(runtime, path))?.since === own.since) await runtime.fs.remove(path);
  };
}

/** Whether a lock's heartbeat stopped: old by this host's clock, and still while watched for two beats (clocks of hosts differ). */
class HeartbeatWatch {
  private seen: { since: string; modified: number; at: number } | undefined;

  stopped(holder: Holder, modified: number): boolean {
    if (holder.heartbeatMs === undefined) return false; // a lock without heartbeat cannot be judged by it
    const now = performance.now();
    if (this.seen?.since !== holder.since || this.seen.modified !== modified)
      this.seen = { since: holder.since, modified, at: now };
    return Date.now() - modified > STALE_HEARTBEAT_MS && now - this.seen.at > 2 * holder.heartbeatMs;
  }
}

function describeHolder(holder: Holder | undefined, modified: number | null): string {
  if (holder === undefined) return "another run";
  const beat =
    holder.heartbeatMs !== undefined && modified !== null
      ? `, heartbeat ${Math.round((Date.now() - modified) / 1000)} s ago`
      : "";
  return `${holder.purpose} (pid ${holder.pid} on ${holder.host}, since ${holder.since}${beat})`;
}

function howToGoOn(path: string, holder: Holder | undefined, host: string, heartbeatStopped: boolean): string {
  const remove = `delete ${path} and this run goes on`;
  if (holder === undefined) return `If no run holds it, ${remove}`;
  if (holder.host === host) {
    return heartbeatStopped
      ? `Process ${holder.pid} is alive but does not refresh the lock: it is not that run (a crashed run's pid was reused), or it is stuck. If no psweep run of this database is going on, ${remove}`
      : `This run goes on when that one ends. If process ${holder.pid} is not a psweep run of this database (a crashed run's pid was reused), ${remove}`;
  }
  return holder.heartbeatMs === undefined
    ? `A lock from another host without heartbeat cannot be judged from here: if that run is gone, ${remove}`
    : `This run goes on when that one ends, or takes the lock over when its heartbeat has stopped for ${STALE_HEARTBEAT_MS / 60_000} minutes. If that run is gone, ${remove}`;
}

async function breakStaleLock(runtime: Runtime, path: string, stale: Holder | undefined): Promise<void> {
  const { fs } = runtime;
  const guard = `${path}.break`;
  try {
    await fs.writeFile(guard, new Date().toISOString(), { exclusive: true });
  } catch {
    const since = Date.parse(new TextDecoder().decode(await fs.readFile(guard).catch(() => new Uint8Array())));
    if (!(Date.now() - since < BREAK_STALE_MS)) await fs.remove(guard);
    return;
  }
  try {
    const holder = await readHolder(runtime, path);
    if (holder?.since === stale?.since && holder?.pid === stale?.pid) await fs.remove(path);
  } finally {
    await fs.remove(guard);
  }
}

async function readHolder(runtime: Runtime, path: string): Promise<Holder | undefined> {
  try {
    const holder = JSON.parse(new TextDecoder().decode(await runtime.fs.readFile(path))) as unknown;
    return isHolder(holder) ? holder : undefined;
  } catch {
    return undefined; // gone, or being written this instant
  }
}

function isHolder(value: unknown): value is Holder {
  const h = value as Holder | null;
  return (
    typeof h === "object" &&
    h !== null &&
    Number.isInteger(h.pid) &&
    typeof h.host === "string" &&
    typeof h.since === "string" &&
    typeof h.purpose === "string" &&
    (h.heartbeatMs === undefined || (typeof h.heartbeatMs === "number" && h.heartbeatMs > 0))
  );
}
