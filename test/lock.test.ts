// The lock of a database, with real lock files: a waiting run says who holds
// the lock and how to go on; a lock from another host is judged by its
// heartbeat, which the holder refreshes.

import { spawn } from "node:child_process";
import { mkdirSync, statSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { afterEach, describe, expect, it, vi } from "vitest";
import { dfExtractDicts, run, runtime } from "./helpers/psweep.js";
import { tmpDir } from "./helpers/tmp.js";

afterEach(() => {
  vi.restoreAllMocks();
});

function captureStderr(): () => string {
  const spy = vi.spyOn(runtime.stdio, "write");
  return () =>
    spy.mock.calls
      .filter(([stream]) => stream === "stderr")
      .map(([, text]) => text)
      .join("");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(test: () => boolean, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!test()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting");
    await sleep(20);
  }
}

function lockedCalcDir(holder: object): { calcDir: string; lock: string } {
  const calcDir = `${tmpDir()}/calc`;
  mkdirSync(`${calcDir}/.psweep`, { recursive: true });
  const lock = `${calcDir}/.psweep/database.arrow.lock`;
  writeFileSync(lock, JSON.stringify(holder));
  return { calcDir, lock };
}

describe("waiting for the lock", () => {
  it("a live process that is not psweep holds it: after a few seconds the run says who and how to go on, and goes on when the lock is deleted", async () => {
    const other = spawn("sleep", ["60"]);
    try {
      const since = "2026-11-30T10:00:00.000Z";
      const { calcDir, lock } = lockedCalcDir({
        pid: other.pid,
        host: hostname(),
        since,
        purpose: "run 1234",
        heartbeatMs: 2000,
      });
      const stderr = captureStderr();
      const started = Date.now();
      let done = false;
      const running = run((p: { a: number }) => ({ y: p.a }), [{ a: 1 }], { calcDir }).finally(() => (done = true));
      await waitFor(() => stderr().includes("waiting for"));
      const waited = Date.now() - started;
      expect(waited).toBeGreaterThan(2000);
      expect(waited).toBeLessThan(20_000);
      const message = stderr();
      expect(message).toContain(
        `psweep: waiting for ${lock}: run 1234 (pid ${other.pid} on ${hostname()}, since ${since}, heartbeat `,
      );
      expect(message).toContain(
        `If process ${other.pid} is not a psweep run of this database (a crashed run's pid was reused), delete ${lock} and this run goes on`,
      );
      expect(message.match(/waiting for/g)).toHaveLength(1); // once
      await sleep(300);
      expect(done).toBe(false);
      unlinkSync(lock);
      expect(dfExtractDicts(await running).map((r) => r.a)).toEqual([1]);
    } finally {
      other.kill();
    }
  });

  it("a lock from another host whose heartbeat stopped is taken over, with a warning", async () => {
    const since = "2026-11-30T10:00:00.000Z";
    const { calcDir, lock } = lockedCalcDir({
      pid: 4242,
      host: "elsewhere.example",
      since,
      purpose: "run 777",
      heartbeatMs: 300,
    });
    const old = new Date(Date.now() - 20 * 60_000);
    utimesSync(lock, old, old);
    const stderr = captureStderr();
    const df = await run((p: { a: number }) => ({ y: p.a }), [{ a: 1 }], { calcDir, lockTimeout: 30_000 });
    expect(df.numRows).toBe(1);
    expect(stderr()).toContain(
      `psweep: taking over ${lock}: run 777 (pid 4242 on elsewhere.example, since ${since}, heartbeat 120`,
    );
    expect(stderr()).toMatch(/heartbeat 120\d s ago\), and its heartbeat stopped; that run is taken as gone/);
  });

  it("a lock from another host with a live heartbeat is waited for, and the waiting run says so", async () => {
    const { calcDir, lock } = lockedCalcDir({
      pid: 4242,
      host: "elsewhere.example",
      since: "2026-11-30T10:00:00.000Z",
      purpose: "run 777",
      heartbeatMs: 200,
    });
    const old = new Date(Date.now() - 20 * 60_000);
    utimesSync(lock, old, old); // by this host's clock the heartbeat looks old: the other host's clock may be behind
    const beat = setInterval(() => {
      const t = new Date(Date.now() - 20 * 60_000 + performance.now());
      utimesSync(lock, t, t);
    }, 100);
    try {
      const stderr = captureStderr();
      await expect(run((p: { a: number }) => ({ y: p.a }), [{ a: 1 }], { calcDir, lockTimeout: 4000 })).rejects.toThrow(
        `${lock} is locked by run 777 (pid 4242 on elsewhere.example`,
      );
      expect(stderr()).toContain(`psweep: waiting for ${lock}: run 777 (pid 4242 on elsewhere.example`);
      expect(stderr()).toContain("takes the lock over when its heartbeat has stopped for 10 minutes");
    } finally {
      clearInterval(beat);
    }
  });

  it("a lock from another host without heartbeat (the first release) is never taken over; the run says how to go on", async () => {
    const { calcDir, lock } = lockedCalcDir({
      pid: 4242,
      host: "elsewhere.example",
      since: "2026-11-01T10:00:00.000Z",
      purpose: "run 777",
    });
    const old = new Date(Date.now() - 20 * 24 * 3600_000);
    utimesSync(lock, old, old);
    const stderr = captureStderr();
    await expect(run(() => ({}), [{ a: 1 }], { calcDir, lockTimeout: 3500 })).rejects.toThrow(
      `${lock} is locked by run 777`,
    );
    expect(stderr()).toContain(
      `A lock from another host without heartbeat cannot be judged from here: if that run is gone, delete ${lock}`,
    );
  });

  it("the holder refreshes the lock's heartbeat while it runs", async () => {
    const calcDir = `${tmpDir()}/calc`;
    const lock = `${calcDir}/.psweep/database.arrow.lock`;
    const times: number[] = [];
    await run(
      async () => {
        for (let i = 0; i < 10; i++) {
          times.push(statSync(lock).mtimeMs);
          await sleep(500);
        }
        return {};
      },
      [{ a: 1 }],
      { calcDir },
    );
    expect(new Set(times).size).toBeGreaterThanOrEqual(2);
  });
});
