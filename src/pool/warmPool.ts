// Pools kept warm between runs in one process. A run's pool, once the run
// has ended well, waits for the next run() of the same func, which then
// starts no workers and has no script to load (per worker 0.1-0.2 s of CPU
// on Node, twice that under tsx). One pool waits at a time: a run of
// another func closes it and starts its own.

import type { Runtime, WorkerPool } from "../runtime.js";
import { startPool } from "./poolExecutor.js";
import type { FuncRef } from "./protocol.js";

/**
 * How long a pool waits for the next run before its workers are closed. It
 * never keeps the process alive meanwhile (only a pool whose idle workers do
 * not is kept, and this timer is unref'd), so a script's last run() ends the
 * process as it would without a pool: closing is for processes that go on
 * (a server, a REPL), so that a sweep run once does not hold its threads and
 * the memory of the user's script for good. Runs one after another in a
 * script follow within far less. An object so that tests can shorten it.
 */
export const IDLE_POOL = { ms: 5000 };

interface Waiting {
  readonly runtime: Runtime;
  readonly func: string;
  readonly pool: WorkerPool;
  readonly timer: ReturnType<typeof setTimeout>;
}

let waiting: Waiting | undefined;

/** Pools some of whose workers are still loading func (their warm-up in flight). */
const warmingUp = new WeakSet<WorkerPool>();

/** Workers already loaded the same func: the same module, export and source (as workerHandler caches it). */
const funcKey = (func: FuncRef): string => JSON.stringify([func.module, func.exportName, func.source]);

/**
 * A pool for a run of func on `needed` workers, at most `poolsize`: the
 * waiting pool when it has loaded the same func and has between `needed`
 * and `poolsize` workers (a run never has more psets in flight than it has
 * psets, so a bigger pool runs a smaller run as well), else a new one.
 */
function takePool(runtime: Runtime, func: FuncRef, needed: number, poolsize: number): WorkerPool {
  const idle = waiting;
  waiting = undefined;
  if (idle !== undefined) {
    clearTimeout(idle.timer);
    const fits = idle.pool.size >= needed && idle.pool.size <= poolsize;
    if (idle.runtime === runtime && idle.func === funcKey(func) && fits) return idle.pool;
    idle.pool.close().catch(() => undefined);
  }
  const { pool, warmedUp } = startPool(runtime, needed, func);
  warmingUp.add(pool);
  void warmedUp.then(() => warmingUp.delete(pool));
  return pool;
}

/**
 * After its run: a pool whose run ended well waits for the next run (see
 * IDLE_POOL), any other is closed. So is a pool with a worker still loading
 * func (the run ended before it was needed): a worker at work keeps the
 * process alive, and loading may take long (or never end).
 */
async function releasePool(runtime: Runtime, pool: WorkerPool, func: FuncRef, runEndedWell: boolean): Promise<void> {
  if (!runEndedWell || pool.idleKeepsProcessAlive || warmingUp.has(pool)) return pool.close();
  const previous = waiting;
  const timer = setTimeout(() => {
    if (waiting?.pool !== pool) return;
    waiting = undefined;
    pool.close().catch(() => undefined);
  }, IDLE_POOL.ms);
  (timer as { unref?: () => void }).unref?.();
  waiting = { runtime, func: funcKey(func), pool, timer };
  if (previous !== undefined) {
    clearTimeout(previous.timer);
    await previous.pool.close();
  }
}

/**
 * The pool of one run: taken once the run knows how many psets it runs
 * (none for fewer than two), handed back when the run ends.
 */
export class RunPool {
  private pool: WorkerPool | undefined;
  /** The func the pool was taken for (what its workers loaded). */
  private funcRef: FuncRef | undefined;
  private taken = false;

  constructor(
    private readonly runtime: Runtime,
    private readonly poolsize: number,
    private readonly func: () => FuncRef,
  ) {}

  /** The pool for a run of `count` psets; the first call decides, later ones return the same. */
  take(count: number): WorkerPool | undefined {
    if (this.taken) return this.pool;
    this.taken = true;
    const needed = Math.min(this.poolsize, count);
    if (needed > 1) {
      this.funcRef = this.func();
      this.pool = takePool(this.runtime, this.funcRef, needed, this.poolsize);
    }
    return this.pool;
  }

  /** Once the run has ended: its pool waits for the next run if the run ended well, else it is closed. */
  async release(runEndedWell: boolean): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    if (pool !== undefined) await releasePool(this.runtime, pool, this.funcRef!, runEndedWell);
  }
}
