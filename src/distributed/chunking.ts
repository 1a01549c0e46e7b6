// How many psets go into the next job of a distributed run ("auto" chunk
// size), as pure functions of what the caller knows, so that the sequences
// they give can be checked exactly.
//
// A chunk aims at CHUNK_SECONDS of measured func time: long enough that a
// queue round trip (a few ms) does not count, short enough to spread work.
// Before the first outcome nothing is measured, so the first chunks hold one
// pset each, and only one per worker is queued: each chunk costs the caller,
// the server and its worker about a millisecond of CPU (on cores the workers
// want), and a spare single would only be taken as another chunk. Towards the
// end chunks shrink with what is left to queue (at most half of each worker's
// share), so that the last ones hold one pset each and the workers finish
// within about one pset of each other.

/** Func seconds an auto-sized chunk aims at. */
export const CHUNK_SECONDS = 0.5;
/** Psets in an auto-sized chunk at most. */
export const MAX_CHUNK = 1000;

/** What the caller knows when it queues a chunk. */
export interface ChunkingState {
  /** Psets not queued yet. */
  readonly unqueued: number;
  /** Workers known: connected to the queue, or seen in results (0 if none yet). */
  readonly workers: number;
  /** Mean func seconds of the psets finished so far; undefined before the first. */
  readonly meanSeconds: number | undefined;
}

/** Psets in the next auto-sized chunk (at least 1). */
export function autoChunkSize({ unqueued, workers, meanSeconds }: ChunkingState): number {
  const spread = Math.ceil(unqueued / (2 * Math.max(1, workers)));
  const byTime = meanSeconds === undefined ? 1 : Math.floor(CHUNK_SECONDS / Math.max(meanSeconds, 1e-6));
  return Math.max(1, Math.min(byTime, MAX_CHUNK, spread));
}

/**
 * Chunks queued (waiting or running) at once: once a func time is measured, two per worker and two more, so that
 * no worker waits for the caller; before, one per worker (counting at least two), as the first outcome sizes the next.
 */
export function chunkBacklog(workers: number, measured: boolean): number {
  return measured ? 2 * Math.max(2, workers) + 2 : Math.max(2, workers);
}
