// One run at a time per database: a lock file created exclusively, holding
// who took it. A lock whose process is gone (same host, pid not alive) is
// stale and taken over; the takeover itself is guarded by a second exclusive
// file, so two waiters cannot both break the same lock.

import { PsweepError } from "../errors.js";
import type { Runtime } from "../runtime.js";

interface Holder {
  pid: number;
  host: string;
  since: string;
  purpose: string;
}

/** A guard of a takeover is stale when older than this: a takeover takes milliseconds. */
const BREAK_STALE_MS = 10_000;
const POLL_MS = 50;

export interface LockOptions {
  /** Give up waiting after this many ms (default: wait as long as the other run takes). */
  timeoutMs?: number;
  /** Shown to a run that waits for this one. */
  purpose: string;
}

/** Waits for the lock at `path` and takes it; resolves to the function that releases it. */
export async function acquireLock(runtime: Runtime, path: string, options: LockOptions): Promise<() => Promise<void>> {
  const { fs } = runtime;
  const own: Holder = { pid: runtime.process.pid, host: runtime.hostname(), since: new Date().toISOString(), purpose: options.purpose };
  const text = JSON.stringify(own);
  const started = performance.now();
  let unreadableSince: number | undefined;
  for (;;) {
    try {
      await fs.writeFile(path, text, { exclusive: true });
      return async () => {
        if ((await readHolder(runtime, path))?.since === own.since) await fs.remove(path);
      };
    } catch (error) {
      if ((error as { code?: string }).code !== "EEXIST") throw error;
    }
    const holder = await readHolder(runtime, path);
    // Unreadable for long: its creator died between creating and writing it.
    unreadableSince = holder ? undefined : (unreadableSince ?? performance.now());
    const abandoned = unreadableSince !== undefined && performance.now() - unreadableSince > BREAK_STALE_MS;
    if ((holder && holder.host === own.host && !runtime.process.isAlive(holder.pid)) || abandoned) {
      await breakStaleLock(runtime, path, holder);
      continue;
    }
    if (options.timeoutMs !== undefined && performance.now() - started > options.timeoutMs) {
      throw new PsweepError(
        `${path} is locked by ${holder ? `${holder.purpose} (pid ${holder.pid} on ${holder.host}, since ${holder.since})` : "another run"}; ` +
          `waited ${options.timeoutMs} ms. Wait for it to finish, or raise lockTimeout`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
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
    return JSON.parse(new TextDecoder().decode(await runtime.fs.readFile(path))) as Holder;
  } catch {
    return undefined; // gone, or being written this instant
  }
}
