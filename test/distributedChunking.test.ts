// The "auto" chunk size of distributed runs (src/distributed/chunking.ts):
// exact sizes for given inputs, and the sequence a whole run gets in a model
// of the caller and its workers (a shared FIFO queue, no latency).

import { describe, expect, it } from "vitest";
import { autoChunkSize, chunkBacklog, MAX_CHUNK } from "../src/distributed/chunking.js";

/**
 * A run of `total` psets of `seconds` each on `workers` workers that take
 * chunks first come first served, the caller keeping chunkBacklog() chunks
 * queued and sizing each with what has finished so far, as executor.ts does.
 */
function model(total: number, seconds: number, workers: number) {
  const sizes: number[] = [];
  const queue: { id: number; left: number }[] = [];
  const outstanding = new Map<number, number>(); // chunk id -> psets not finished
  let next = 0;
  let finished = 0;
  const refill = (): void => {
    while (next < total && outstanding.size < chunkBacklog(workers, finished > 0)) {
      const size = autoChunkSize({
        unqueued: total - next,
        workers,
        meanSeconds: finished === 0 ? undefined : seconds,
      });
      const id = sizes.push(size);
      queue.push({ id, left: size });
      outstanding.set(id, size);
      next += Math.min(size, total - next);
    }
  };
  refill();
  const holding: ({ id: number; left: number } | undefined)[] = Array.from({ length: workers }, () => queue.shift());
  const done = Array.from({ length: workers }, () => 0);
  const lastEnd = Array.from({ length: workers }, () => 0);
  for (let time = seconds; holding.some((chunk) => chunk !== undefined); time += seconds) {
    holding.forEach((chunk, w) => {
      if (chunk === undefined) return;
      done[w]!++;
      lastEnd[w] = time;
      finished++;
      const left = outstanding.get(chunk.id)! - 1;
      if (left === 0) outstanding.delete(chunk.id);
      else outstanding.set(chunk.id, left);
      refill();
      holding[w] = --chunk.left > 0 ? chunk : queue.shift();
    });
  }
  return { sizes, done, lastEnd: lastEnd.map((t) => Math.round(t / seconds)) };
}

describe("autoChunkSize", () => {
  it("holds one pset until a func time is measured", () => {
    expect(autoChunkSize({ unqueued: 10_000, workers: 2, meanSeconds: undefined })).toBe(1);
  });

  it("aims at 0.5 s of func time, at most MAX_CHUNK psets", () => {
    expect(autoChunkSize({ unqueued: 10_000, workers: 2, meanSeconds: 0.05 })).toBe(10);
    expect(autoChunkSize({ unqueued: 10_000, workers: 2, meanSeconds: 0.052 })).toBe(9);
    expect(autoChunkSize({ unqueued: 10_000, workers: 2, meanSeconds: 0.6 })).toBe(1);
    expect(autoChunkSize({ unqueued: 10_000_000, workers: 2, meanSeconds: 0 })).toBe(MAX_CHUNK);
    expect(autoChunkSize({ unqueued: 10_000_000, workers: 2, meanSeconds: 1e-5 })).toBe(1000);
  });

  it("shrinks to half of each worker's share of what is left to queue, down to one pset", () => {
    expect(autoChunkSize({ unqueued: 1000, workers: 2, meanSeconds: 1e-4 })).toBe(250);
    expect(autoChunkSize({ unqueued: 1000, workers: 10, meanSeconds: 1e-4 })).toBe(50);
    expect(autoChunkSize({ unqueued: 5, workers: 2, meanSeconds: 1e-4 })).toBe(2);
    expect(autoChunkSize({ unqueued: 4, workers: 2, meanSeconds: 1e-4 })).toBe(1);
    expect(autoChunkSize({ unqueued: 1, workers: 2, meanSeconds: 1e-4 })).toBe(1);
    // no worker known yet counts as one
    expect(autoChunkSize({ unqueued: 100, workers: 0, meanSeconds: 1e-4 })).toBe(50);
  });
});

describe("chunkBacklog", () => {
  it("queues two chunks per worker and two more once a func time is measured, counting at least two workers", () => {
    expect([0, 1, 2, 3, 10].map((workers) => chunkBacklog(workers, true))).toEqual([6, 6, 6, 8, 22]);
  });

  it("queues one chunk per worker before, counting at least two workers", () => {
    expect([0, 1, 2, 3, 10].map((workers) => chunkBacklog(workers, false))).toEqual([2, 2, 2, 3, 10]);
  });
});

describe("a whole run in the model", () => {
  it("40 psets of 50 ms on 2 workers (the CPU-bound bench): single psets first and last, both workers end together", () => {
    const { sizes, done, lastEnd } = model(40, 0.05, 2);
    expect(sizes).toEqual([1, 1, 10, 7, 6, 4, 3, 2, 2, 1, 1, 1, 1]);
    expect(done).toEqual([20, 20]);
    expect(lastEnd).toEqual([20, 20]); // ceil(40 / 2) psets' time: the ideal
  });

  it("41 psets of 1 s on 3 workers: the last chunks hold one pset each, no worker ends more than one pset after another", () => {
    const { sizes, done, lastEnd } = model(41, 1, 3);
    expect(sizes.slice(-12)).toEqual(Array.from({ length: 12 }, () => 1));
    expect(sizes.reduce((a, b) => a + b)).toBe(41);
    expect(done.reduce((a, b) => a + b)).toBe(41);
    expect(Math.max(...lastEnd)).toBe(14); // ceil(41 / 3)
    expect(Math.max(...lastEnd) - Math.min(...lastEnd)).toBeLessThanOrEqual(1);
  });

  it("10,000 fast psets (1 ms) on 2 workers: chunks of 500 (0.5 s), then shrinking", () => {
    const { sizes } = model(10_000, 0.001, 2);
    expect(sizes.slice(0, 4)).toEqual([1, 1, 500, 500]);
    expect(sizes.slice(-4)).toEqual([1, 1, 1, 1]);
    expect(sizes.reduce((a, b) => a + b)).toBe(10_000);
  });
});
