// The pool bench's funcs as plain JavaScript: a Node worker thread loads it
// without a TypeScript loader (see bench/pool.ts).

/** p.iterations square roots: bench/pool.ts sets them to take about 50 ms on the runtime at hand. */
export function cpu(p) {
  let x = 0;
  for (let k = 0; k < p.iterations; k++) x += Math.sqrt(k + p.i);
  return { x };
}

export function trivial(p) {
  return { y: p.i + 1 };
}

/** Iterations of cpu() that take about 50 ms on this runtime (best of 5 probes). */
export function calibrate() {
  const probe = 4_000_000;
  let best = Infinity;
  for (let k = 0; k < 5; k++) {
    const started = performance.now();
    cpu({ i: 0, iterations: probe });
    best = Math.min(best, performance.now() - started);
  }
  return Math.round((probe * 50) / best);
}
