// The parameters the hashing benches share.
import { plist } from "psweep";

/** Five parameters of a typical study; the last one sized to give n psets. */
export function plists(total: number) {
  const seeds = total / 10_000;
  if (!Number.isInteger(seeds)) throw new Error(`psets must be a multiple of 10^4, got ${total}`);
  return [
    plist(
      "alpha",
      Array.from({ length: 10 }, (_, i) => i * 0.125),
    ),
    plist(
      "beta",
      Array.from({ length: 10 }, (_, i) => 10 ** (i - 3)),
    ),
    plist("method", ["rk4", "euler", "rk45", "dopri5", "bdf", "radau", "lsoda", "adams", "midpoint", "heun"]),
    plist(
      "n",
      Array.from({ length: 10 }, (_, i) => 2 ** i),
    ),
    plist(
      "seed",
      Array.from({ length: seeds }, (_, i) => i),
    ),
  ];
}
