// The demo: a small parameter study of a damped oscillator, integrated with
// the explicit Euler method, swept over damping, step size and time, run on
// two workers and recorded in calc/database.arrow. Run it with `npm run demo`
// (again: the second run is appended, and skipDups skips what is there).

import { dfPrint, pgrid, plist, run } from "psweep";

/** Amplitude of x'' = -x - damping * x', x(0) = 1, after `time`. */
export function oscillate(pset: { damping: number; dt: number; time: number }): { amplitude: number; steps: number } {
  let x = 1;
  let v = 0;
  const steps = Math.round(pset.time / pset.dt);
  for (let i = 0; i < steps; i++) {
    const a = -x - pset.damping * v;
    x += pset.dt * v;
    v += pset.dt * a;
  }
  return { amplitude: Math.hypot(x, v), steps };
}

const params = pgrid(plist("damping", [0, 0.1, 0.5]), plist("dt", [0.1, 0.01, 0.001]), plist("time", [10, 20]));
const df = await run(oscillate, params, { calcDir: "calc", poolsize: 2, skipDups: true });
console.log(`calc/database.arrow: ${df.numRows} rows\n`);
dfPrint(df, { cols: ["damping", "dt", "time", "amplitude", "steps", "_pset_hash"] });
