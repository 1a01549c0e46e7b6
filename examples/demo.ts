// The demo: a small parameter study of a damped oscillator, integrated with
// the explicit Euler method, swept over damping, step size and integration
// time. Run it with `npm run demo`.

import { grid, plist, zip, psetHash, type Pset } from "psweep";

/** Final amplitude of x'' = -x - damping * x', x(0) = 1, after `time`. */
function oscillate(pset: { damping: number; dt: number; time: number }): { amplitude: number; steps: number } {
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

const study = grid(
  plist("damping", [0, 0.1, 0.5]),
  zip(plist("dt", [0.1, 0.01]), plist("method", ["euler", "euler"])),
  plist("time", [10, 20]),
);
console.log(`${study.length} psets, keys ${study.keys.map((k) => k.name).join(", ")}\n`);

const rows = [...study].map((pset) => ({ ...pset, ...oscillate(pset as never), _pset_hash: psetHash(pset as Pset) }));
const cols = Object.keys(rows[0]!);
const cells = rows.map((row) => cols.map((col) => String((row as Record<string, unknown>)[col])));
const widths = cols.map((col, j) => Math.max(col.length, ...cells.map((r) => r[j]!.length)));
const line = (values: string[]): string => values.map((v, j) => v.padStart(widths[j]!)).join("  ");
console.log(line(cols));
for (const r of cells) console.log(line(r));
