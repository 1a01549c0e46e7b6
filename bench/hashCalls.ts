// Per-call hashing against node:crypto's SHA-1 of the same canonical bytes
// (serialized beforehand, so the baseline has no serialization to do):
//   tsx bench/hashCalls.ts
// psetHash: one call per pset over 2*10^5 different psets of a 5-parameter
// grid; psetHashes: one call on 10^6 pset objects. Best of 7 (5 for 10^6),
// psweep and node:crypto alternating.
// Prints one JSON line.

import { hash } from "node:crypto";
import { canonicalPset, pgrid, psetHash, psetHashes } from "psweep";
import { plists } from "./studyAxes.js";

const params = pgrid(...plists(1e6));
const texts = params.map((pset) => canonicalPset(pset));

/** Best seconds of each body, their repeats interleaved so that both see the same machine load. */
function best(repeats: number, ...bodies: Array<() => number>): number[] {
  const seconds = bodies.map(() => Infinity);
  let check = 0;
  for (let r = 0; r < repeats; r++) {
    bodies.forEach((body, i) => {
      const started = performance.now();
      check ^= body();
      seconds[i] = Math.min(seconds[i]!, (performance.now() - started) / 1000);
    });
  }
  if (check === -1) console.log(check); // keeps the work observable
  return seconds;
}

const calls = 200_000;
psetHashes(params.slice(0, 20_000)); // warm up
const [one, oneCrypto] = best(
  7,
  () => {
    let x = 0;
    for (let i = 0; i < calls; i++) x ^= psetHash(params[i]!).charCodeAt(0);
    return x;
  },
  () => {
    let x = 0;
    for (let i = 0; i < calls; i++) x ^= hash("sha1", texts[i]!, "hex").charCodeAt(0);
    return x;
  },
) as [number, number];
const [many, manyCrypto] = best(
  5,
  () => psetHashes(params).length,
  () => {
    let x = 0;
    for (const text of texts) x ^= hash("sha1", text, "hex").charCodeAt(0);
    return x;
  },
) as [number, number];
console.log(
  JSON.stringify({
    psetHashMicros: (one / calls) * 1e6,
    cryptoMicros: (oneCrypto / calls) * 1e6,
    psetHashesPerSecond: params.length / many,
    cryptoPerSecond: params.length / manyCrypto,
  }),
);
