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
