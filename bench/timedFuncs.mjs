// bench/distributedTimeline.ts's func: the CPU-bound bench func, also telling
// which process ran it and when (wall-clock ms, comparable across processes).

export function cpuTimed(p) {
  const t0 = performance.timeOrigin + performance.now();
  let x = 0;
  for (let k = 0; k < p.iterations; k++) x += Math.sqrt(k + p.i);
  return { x, pid: process.pid, t0, t1: performance.timeOrigin + performance.now() };
}
