// Which pool a run gets: sized by the psets that run (after skipDups), none
// when no pset runs, and kept warm between runs of the same func. Pools here
// are fakes that run func in this thread and record what was asked of them;
// pool.test.ts runs real ones.

import { afterEach, describe, expect, it, vi } from "vitest";
import { IDLE_POOL } from "../src/pool/warmPool.js";
import type { WorkerReply, WorkerRequest } from "../src/pool/protocol.js";
import type { Runtime, WorkerPool } from "../src/runtime.js";
import { createPsweep, dfExtractDicts, plist, runtime } from "./helpers/psweep.js";
import { tmpDir } from "./helpers/tmp.js";

interface FakePool {
  readonly size: number;
  closed: boolean;
  /** The psets each request carried (undefined: a warm-up). */
  readonly requests: Array<Record<string, unknown> | undefined>;
}

/** A runtime whose pools run `funcs[func.name]` in this thread; with `stuckWorker`, one worker never answers its warm-up. */
function withFakePools(funcs: Record<string, (p: never) => object>, { stuckWorker = false } = {}) {
  const pools: FakePool[] = [];
  const fake: Runtime = {
    ...runtime,
    createWorkerPool(size): WorkerPool {
      const record: FakePool = { size, closed: false, requests: [] };
      pools.push(record);
      return {
        size,
        idleKeepsProcessAlive: false,
        async run(message) {
          const request = message as WorkerRequest;
          if (record.closed) throw new Error("request to a closed pool");
          record.requests.push(request.task?.pset);
          if (request.task === undefined && stuckWorker && record.requests.length === 1) return new Promise(() => {});
          if (request.task === undefined) return { kind: "ready" } satisfies WorkerReply;
          const func = funcs[request.func.name]!;
          return {
            kind: "outcome",
            index: request.task.index,
            result: func(request.task.pset as never) as Record<string, unknown>,
            startedAt: new Date(),
            host: "fake",
            seconds: 0,
          } satisfies WorkerReply;
        },
        async close() {
          record.closed = true;
        },
      };
    },
  };
  return { pools, run: createPsweep(fake).run };
}

function double(p: { a: number }) {
  return { b: p.a * 2 };
}
function triple(p: { a: number }) {
  return { c: p.a * 3 };
}
const funcModule = import.meta.url; // only named in FuncRefs here: the fake pools never load it
const psetsOf = (pool: FakePool) => pool.requests.filter((pset) => pset !== undefined).map((pset) => pset.a);

// Each test's runs go to a runtime of their own: a pool one test leaves waiting is closed by the next one's first run.
afterEach(() => {
  IDLE_POOL.ms = 5000;
  vi.restoreAllMocks();
});

describe("the pool of a run", () => {
  it("is not started when skipDups skips every pset", async () => {
    const calcDir = `${tmpDir()}/calc`;
    const first = withFakePools({ double });
    await first.run(double, plist("a", [1, 2, 3]), { calcDir, poolsize: 2, funcModule });
    const second = withFakePools({ double });
    const df = await second.run(double, plist("a", [1, 2, 3]), { calcDir, poolsize: 2, skipDups: true, funcModule });
    expect(second.pools).toEqual([]);
    expect(dfExtractDicts(df).map((row) => [row.a, row.b])).toEqual([
      [1, 2],
      [2, 4],
      [3, 6],
    ]);
  });

  it("has as many workers as psets that run after skipDups, up to poolsize", async () => {
    const calcDir = `${tmpDir()}/calc`;
    await withFakePools({ double }).run(double, plist("a", [1, 2]), { calcDir, funcModule, poolsize: 4 });
    const { pools, run } = withFakePools({ double });
    const df = await run(double, plist("a", [1, 2, 3, 4, 5]), { calcDir, poolsize: 4, skipDups: true, funcModule });
    expect(pools.map((pool) => pool.size)).toEqual([3]);
    expect(psetsOf(pools[0]!).sort()).toEqual([3, 4, 5]);
    expect(dfExtractDicts(df).map((row) => row.b)).toEqual([2, 4, 6, 8, 10]);
  });

  it("runs one pset left after skipDups in this thread, as any run of one pset", async () => {
    const calcDir = `${tmpDir()}/calc`;
    await withFakePools({ double }).run(double, plist("a", [1, 2]), { calcDir, funcModule, poolsize: 2 });
    const { pools, run } = withFakePools({ double });
    await run(double, plist("a", [1, 2, 3]), { calcDir, poolsize: 2, skipDups: true, funcModule });
    expect(pools).toEqual([]);
  });
});

describe("a pool kept warm between runs", () => {
  it("serves the next run of the same func: no new workers, no second warm-up", async () => {
    const { pools, run } = withFakePools({ double });
    const first = await run(double, plist("a", [1, 2, 3]), { save: false, poolsize: 2, funcModule });
    const second = await run(double, plist("a", [4, 5, 6]), { save: false, poolsize: 2, funcModule });
    expect(pools.length).toBe(1);
    expect(pools[0]!.closed).toBe(false);
    expect(pools[0]!.requests.filter((pset) => pset === undefined).length).toBe(2); // the first run's warm-ups only
    expect(psetsOf(pools[0]!).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(dfExtractDicts(first).map((row) => row.b)).toEqual([2, 4, 6]);
    expect(dfExtractDicts(second).map((row) => row.b)).toEqual([8, 10, 12]);
  });

  it("serves a smaller run, never a run with a smaller poolsize", async () => {
    const { pools, run } = withFakePools({ double });
    await run(double, plist("a", [1, 2, 3]), { save: false, poolsize: 3, funcModule });
    await run(double, plist("a", [4, 5]), { save: false, poolsize: 3, funcModule }); // 2 psets: the pool of 3 will do
    expect(pools.map((pool) => pool.size)).toEqual([3]);
    await run(double, plist("a", [6, 7, 8]), { save: false, poolsize: 2, funcModule }); // at most 2 at once: a new pool
    expect(pools.map((pool) => [pool.size, pool.closed])).toEqual([
      [3, true],
      [2, false],
    ]);
  });

  it("is closed, not reused, when a run of another func starts", async () => {
    const { pools, run } = withFakePools({ double, triple });
    await run(double, plist("a", [1, 2]), { save: false, poolsize: 2, funcModule });
    const df = await run(triple, plist("a", [1, 2]), { save: false, poolsize: 2, funcModule });
    expect(pools.map((pool) => pool.closed)).toEqual([true, false]);
    expect(psetsOf(pools[1]!)).toEqual(expect.arrayContaining([1, 2]));
    expect(dfExtractDicts(df).map((row) => row.c)).toEqual([3, 6]);
  });

  it("is closed when a worker was still loading func as the run ended (it would keep the process alive)", async () => {
    const { pools, run } = withFakePools({ double }, { stuckWorker: true });
    const df = await run(double, plist("a", [1, 2]), { save: false, poolsize: 2, funcModule });
    expect(dfExtractDicts(df).map((row) => row.b)).toEqual([2, 4]);
    expect(pools.map((pool) => pool.closed)).toEqual([true]);
  });

  it("is closed when its run failed", async () => {
    const { pools, run } = withFakePools({
      double(p: { a: number }) {
        if (p.a === 2) throw new Error("no");
        return { b: p.a };
      },
    });
    await expect(run(double, plist("a", [1, 2]), { save: false, poolsize: 2, funcModule })).rejects.toThrow(/no/);
    expect(pools.map((pool) => pool.closed)).toEqual([true]);
  });

  it("is closed after waiting IDLE_POOL.ms for a run, on a timer that does not keep the process alive", async () => {
    IDLE_POOL.ms = 20;
    const timers: Array<ReturnType<typeof setTimeout>> = [];
    const setTimeoutOriginal = globalThis.setTimeout;
    vi.spyOn(globalThis, "setTimeout").mockImplementation(((handler: () => void, ms?: number) => {
      const timer = setTimeoutOriginal(handler, ms);
      if (ms === IDLE_POOL.ms) timers.push(timer);
      return timer;
    }) as typeof setTimeout);
    const { pools, run } = withFakePools({ double });
    await run(double, plist("a", [1, 2]), { save: false, poolsize: 2, funcModule });
    vi.restoreAllMocks();
    expect(timers.map((timer) => timer.hasRef())).toEqual([false]);
    expect(pools[0]!.closed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(pools[0]!.closed).toBe(true);
    await run(double, plist("a", [3, 4]), { save: false, poolsize: 2, funcModule });
    expect(pools.length).toBe(2);
  });
});
