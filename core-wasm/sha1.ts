// SHA-1 (FIPS 180-4), four messages at a time: each i32x4 lane of wasm SIMD
// carries the state of one message, so one pass of the 80 rounds hashes four
// messages. Hashing many small messages (psets) is exactly this shape.
//
// Callers put up to four messages into the lanes (setLane), then hashLanes.
// Everything lives in static memory reserved at compile time: no allocation.

import { hexDigests } from "./hex";

const LANES: u32 = 4;
const SCHEDULE: usize = memory.data(80 * 16); // W[t] of the four lanes
const STATE: usize = memory.data(5 * 16); // h0..h4 of the four lanes
const TAILS: usize = memory.data(LANES * 128); // each lane's padded last block(s)
const LANE_MSG: usize = memory.data(LANES * 4);
const LANE_LEN: usize = memory.data(LANES * 4);
const LANE_OUT: usize = memory.data(LANES * 4);
const LANE_BLOCKS: usize = memory.data(LANES * 4);
const SINK: usize = memory.data(20); // digest of an unused lane

// @ts-ignore: decorator
@inline function rotl(x: v128, n: i32): v128 {
  return v128.or(i32x4.shl(x, n), i32x4.shr_u(x, 32 - n));
}

/**
 * e + rotl(a, 5) + f + k + w, summed so that rotl(a, 5), the one term that
 * waits on the round just before, is added last: the rounds form one chain
 * of dependent instructions, and this keeps two adds off it.
 */
// @ts-ignore: decorator
@inline function sum(e: v128, a5: v128, f: v128, k: v128, w: v128): v128 {
  return i32x4.add(i32x4.add(i32x4.add(e, w), i32x4.add(f, k)), a5);
}

// @ts-ignore: decorator
@inline function ch(x: v128, y: v128, z: v128): v128 {
  return v128.bitselect(y, z, x);
}

// @ts-ignore: decorator
@inline function parity(x: v128, y: v128, z: v128): v128 {
  return v128.xor(v128.xor(x, y), z);
}

// @ts-ignore: decorator
@inline function maj(x: v128, y: v128, z: v128): v128 {
  return v128.or(v128.and(x, y), v128.and(z, v128.or(x, y)));
}

// @ts-ignore: decorator
@inline function w(t: i32): v128 {
  return v128.load(SCHEDULE + (<usize>t << 4));
}

/** Reverses the bytes of each 32-bit word: SHA-1 reads big-endian words. */
// @ts-ignore: decorator
@inline function bswapWords(v: v128): v128 {
  return i8x16.shuffle(v, v, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
}

/** Loads words t..t+3 of four blocks and transposes them into W[t..t+3]. */
// @ts-ignore: decorator
@inline function loadWords(p0: usize, p1: usize, p2: usize, p3: usize, t: i32): void {
  const at = <usize>t << 2;
  const r0 = bswapWords(v128.load(p0 + at));
  const r1 = bswapWords(v128.load(p1 + at));
  const r2 = bswapWords(v128.load(p2 + at));
  const r3 = bswapWords(v128.load(p3 + at));
  const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5);
  const t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
  const t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
  const t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
  const out = SCHEDULE + (<usize>t << 4);
  v128.store(out, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(out + 16, i32x4.shuffle(t0, t2, 2, 3, 6, 7));
  v128.store(out + 32, i32x4.shuffle(t1, t3, 0, 1, 4, 5));
  v128.store(out + 48, i32x4.shuffle(t1, t3, 2, 3, 6, 7));
}

/**
 * W[t .. t + 5) from the words before them (the first 16 are the block's).
 * Computed just before the five rounds that use them, not in a loop of its
 * own: the rounds are one long chain of dependent instructions that leaves
 * the vector units idle half the time, and these independent ones fill it.
 */
// @ts-ignore: decorator
@inline function schedule(t: i32): void {
  for (let s = max(t, 16); s < t + 5; s++) {
    v128.store(SCHEDULE + (<usize>s << 4), rotl(v128.xor(v128.xor(w(s - 3), w(s - 8)), v128.xor(w(s - 14), w(s - 16))), 1));
  }
}

/**
 * Compresses one 64-byte block per lane into STATE. Lanes whose bit in
 * `active` is clear keep their state (their message has no block left).
 */
function compress(p0: usize, p1: usize, p2: usize, p3: usize, active: v128): void {
  for (let t = 0; t < 16; t += 4) loadWords(p0, p1, p2, p3, t);
  const h0 = v128.load(STATE), h1 = v128.load(STATE, 16), h2 = v128.load(STATE, 32);
  const h3 = v128.load(STATE, 48), h4 = v128.load(STATE, 64);
  let a = h0, b = h1, c = h2, d = h3, e = h4;
  // Five rounds per step with the roles of a..e rotated by hand, so no
  // variable is copied between rounds.
  let k = i32x4.splat(0x5a827999);
  for (let t = 0; t < 20; t += 5) {
    schedule(t);
    e = sum(e, rotl(a, 5), ch(b, c, d), k, w(t)); b = rotl(b, 30);
    d = sum(d, rotl(e, 5), ch(a, b, c), k, w(t + 1)); a = rotl(a, 30);
    c = sum(c, rotl(d, 5), ch(e, a, b), k, w(t + 2)); e = rotl(e, 30);
    b = sum(b, rotl(c, 5), ch(d, e, a), k, w(t + 3)); d = rotl(d, 30);
    a = sum(a, rotl(b, 5), ch(c, d, e), k, w(t + 4)); c = rotl(c, 30);
  }
  k = i32x4.splat(0x6ed9eba1);
  for (let t = 20; t < 40; t += 5) {
    schedule(t);
    e = sum(e, rotl(a, 5), parity(b, c, d), k, w(t)); b = rotl(b, 30);
    d = sum(d, rotl(e, 5), parity(a, b, c), k, w(t + 1)); a = rotl(a, 30);
    c = sum(c, rotl(d, 5), parity(e, a, b), k, w(t + 2)); e = rotl(e, 30);
    b = sum(b, rotl(c, 5), parity(d, e, a), k, w(t + 3)); d = rotl(d, 30);
    a = sum(a, rotl(b, 5), parity(c, d, e), k, w(t + 4)); c = rotl(c, 30);
  }
  k = i32x4.splat(0x8f1bbcdc);
  for (let t = 40; t < 60; t += 5) {
    schedule(t);
    e = sum(e, rotl(a, 5), maj(b, c, d), k, w(t)); b = rotl(b, 30);
    d = sum(d, rotl(e, 5), maj(a, b, c), k, w(t + 1)); a = rotl(a, 30);
    c = sum(c, rotl(d, 5), maj(e, a, b), k, w(t + 2)); e = rotl(e, 30);
    b = sum(b, rotl(c, 5), maj(d, e, a), k, w(t + 3)); d = rotl(d, 30);
    a = sum(a, rotl(b, 5), maj(c, d, e), k, w(t + 4)); c = rotl(c, 30);
  }
  k = i32x4.splat(0xca62c1d6);
  for (let t = 60; t < 80; t += 5) {
    schedule(t);
    e = sum(e, rotl(a, 5), parity(b, c, d), k, w(t)); b = rotl(b, 30);
    d = sum(d, rotl(e, 5), parity(a, b, c), k, w(t + 1)); a = rotl(a, 30);
    c = sum(c, rotl(d, 5), parity(e, a, b), k, w(t + 2)); e = rotl(e, 30);
    b = sum(b, rotl(c, 5), parity(d, e, a), k, w(t + 3)); d = rotl(d, 30);
    a = sum(a, rotl(b, 5), parity(c, d, e), k, w(t + 4)); c = rotl(c, 30);
  }
  v128.store(STATE, v128.bitselect(i32x4.add(h0, a), h0, active));
  v128.store(STATE, v128.bitselect(i32x4.add(h1, b), h1, active), 16);
  v128.store(STATE, v128.bitselect(i32x4.add(h2, c), h2, active), 32);
  v128.store(STATE, v128.bitselect(i32x4.add(h3, d), h3, active), 48);
  v128.store(STATE, v128.bitselect(i32x4.add(h4, e), h4, active), 64);
}

/**
 * Writes the last `rest` (< 64) bytes of a message of `len` bytes, from
 * `from`, into `tail` with SHA-1's padding: the 0x80 marker, zeros and the
 * bit length, `tailLen` (64 or 128) bytes in all. Inline stores: memory.copy
 * and memory.fill are calls out of wasm in V8, dearer than these few bytes.
 */
// @ts-ignore: decorator
@inline function padTail(tail: usize, from: usize, rest: u32, tailLen: u32, len: u32): void {
  const zero = i32x4.splat(0);
  for (let i: usize = 0; i < <usize>tailLen; i += 16) v128.store(tail + i, zero);
  let i: usize = 0;
  for (; i + 8 <= <usize>rest; i += 8) store<u64>(tail + i, load<u64>(from + i));
  for (; i < <usize>rest; i++) store<u8>(tail + i, load<u8>(from + i));
  store<u8>(tail + rest, 0x80);
  store<u64>(tail + tailLen - 8, bswap<u64>(<u64>len << 3));
}

/** Puts message `len` bytes at `ptr` into lane `lane`; its digest will go to `out`. */
export function setLane(lane: u32, ptr: usize, len: u32, out: usize): void {
  const at = <usize>lane << 2;
  store<u32>(LANE_MSG + at, <u32>ptr);
  store<u32>(LANE_LEN + at, len);
  store<u32>(LANE_OUT + at, <u32>out);
}

/** Where block `k` of lane `lane` starts: in the message, or in its padded tail. */
// @ts-ignore: decorator
@inline function blockAt(lane: u32, k: u32): usize {
  const at = <usize>lane << 2;
  const full = load<u32>(LANE_LEN + at) >> 6;
  return k < full
    ? <usize>load<u32>(LANE_MSG + at) + (<usize>k << 6)
    : TAILS + (<usize>lane << 7) + (<usize>(k - full) << 6);
}

/**
 * Hashes the messages of lanes 0..used-1 (lanes above `used` are ignored) and
 * writes each 20-byte digest to its lane's `out`.
 */
export function hashLanes(used: u32): void {
  let most: u32 = 0;
  for (let lane: u32 = 0; lane < LANES; lane++) {
    const at = <usize>lane << 2;
    if (lane >= used) setLane(lane, TAILS, 0, SINK);
    // The last partial block gets the 0x80 marker and the bit length; when
    // fewer than 9 bytes are left for them, padding spills into a second block.
    const len = load<u32>(LANE_LEN + at);
    const rest = len & 63;
    const tailLen: u32 = rest < 56 ? 64 : 128;
    const tail = TAILS + (<usize>lane << 7);
    padTail(tail, <usize>load<u32>(LANE_MSG + at) + len - rest, rest, tailLen, len);
    const blocks = (len >> 6) + (tailLen >> 6);
    store<u32>(LANE_BLOCKS + at, blocks);
    if (blocks > most) most = blocks;
  }
  v128.store(STATE, i32x4.splat(0x67452301));
  v128.store(STATE, i32x4.splat(0xefcdab89), 16);
  v128.store(STATE, i32x4.splat(0x98badcfe), 32);
  v128.store(STATE, i32x4.splat(0x10325476), 48);
  v128.store(STATE, i32x4.splat(0xc3d2e1f0), 64);
  const blocks = v128.load(LANE_BLOCKS);
  for (let k: u32 = 0; k < most; k++) {
    const active = i32x4.lt_u(i32x4.splat(k), blocks);
    compress(blockAt(0, k), blockAt(1, k), blockAt(2, k), blockAt(3, k), active);
  }
  for (let i: usize = 0; i < 5; i++) {
    v128.store(STATE + (i << 4), bswapWords(v128.load(STATE + (i << 4))));
  }
  for (let lane: u32 = 0; lane < LANES; lane++) {
    const out = <usize>load<u32>(LANE_OUT + (<usize>lane << 2));
    for (let i: usize = 0; i < 5; i++) {
      store<u32>(out + (i << 2), load<u32>(STATE + (i << 4) + (<usize>lane << 2)));
    }
  }
}

/**
 * Hashes `count` messages laid out as in an Arrow Binary column: message i is
 * data[offsets[i] .. offsets[i + 1]) with i32 offsets. Digest i goes to
 * out + 20 * i.
 */
export function sha1Batch(data: usize, offsets: usize, count: u32, out: usize): void {
  let lane: u32 = 0;
  for (let i: u32 = 0; i < count; i++) {
    const start = load<u32>(offsets + (<usize>i << 2));
    const stop = load<u32>(offsets + (<usize>(i + 1) << 2));
    setLane(lane++, data + start, stop - start, out + <usize>i * 20);
    if (lane == LANES) {
      hashLanes(LANES);
      lane = 0;
    }
  }
  if (lane > 0) hashLanes(lane);
}

// One message alone: plain 32-bit SHA-1. Four SIMD lanes with three of them
// idle would do the work of four messages for one.
const W: usize = memory.data(80 * 4);
const ONE_TAIL: usize = memory.data(128);
const ONE_STATE: usize = memory.data(20);

// @ts-ignore: decorator
@inline function rol(x: u32, n: u32): u32 {
  return (x << n) | (x >>> (32 - n));
}

// As in compress: rol(a, 5), which waits on the round before, is added last.
function compressOne(block: usize): void {
  for (let t: usize = 0; t < 16; t++) store<u32>(W + (t << 2), bswap<u32>(load<u32>(block + (t << 2))));
  for (let t: usize = 16; t < 80; t++) {
    const x = load<u32>(W + ((t - 3) << 2)) ^ load<u32>(W + ((t - 8) << 2)) ^ load<u32>(W + ((t - 14) << 2)) ^ load<u32>(W + ((t - 16) << 2));
    store<u32>(W + (t << 2), rol(x, 1));
  }
  let a = load<u32>(ONE_STATE), b = load<u32>(ONE_STATE, 4), c = load<u32>(ONE_STATE, 8);
  let d = load<u32>(ONE_STATE, 12), e = load<u32>(ONE_STATE, 16);
  for (let t: usize = 0; t < 20; t++) {
    const temp = e + 0x5a827999 + load<u32>(W + (t << 2)) + ((b & c) | (~b & d)) + rol(a, 5);
    e = d; d = c; c = rol(b, 30); b = a; a = temp;
  }
  for (let t: usize = 20; t < 40; t++) {
    const temp = e + 0x6ed9eba1 + load<u32>(W + (t << 2)) + (b ^ c ^ d) + rol(a, 5);
    e = d; d = c; c = rol(b, 30); b = a; a = temp;
  }
  for (let t: usize = 40; t < 60; t++) {
    const temp = e + 0x8f1bbcdc + load<u32>(W + (t << 2)) + ((b & c) | (d & (b | c))) + rol(a, 5);
    e = d; d = c; c = rol(b, 30); b = a; a = temp;
  }
  for (let t: usize = 60; t < 80; t++) {
    const temp = e + 0xca62c1d6 + load<u32>(W + (t << 2)) + (b ^ c ^ d) + rol(a, 5);
    e = d; d = c; c = rol(b, 30); b = a; a = temp;
  }
  store<u32>(ONE_STATE, load<u32>(ONE_STATE) + a);
  store<u32>(ONE_STATE, load<u32>(ONE_STATE, 4) + b, 4);
  store<u32>(ONE_STATE, load<u32>(ONE_STATE, 8) + c, 8);
  store<u32>(ONE_STATE, load<u32>(ONE_STATE, 12) + d, 12);
  store<u32>(ONE_STATE, load<u32>(ONE_STATE, 16) + e, 16);
}

const ONE_DIGEST: usize = memory.data(20);

/**
 * The SHA-1 of one message `len` bytes at `data`, written as 40 lowercase
 * hex characters at `out`: the per-call psetHash in one core call.
 */
export function sha1HexOne(data: usize, len: u32, out: usize): void {
  store<u32>(ONE_STATE, 0x67452301);
  store<u32>(ONE_STATE, 0xefcdab89, 4);
  store<u32>(ONE_STATE, 0x98badcfe, 8);
  store<u32>(ONE_STATE, 0x10325476, 12);
  store<u32>(ONE_STATE, 0xc3d2e1f0, 16);
  const full = <usize>(len >> 6);
  for (let k: usize = 0; k < full; k++) compressOne(data + (k << 6));
  const rest = len & 63;
  const tailLen: u32 = rest < 56 ? 64 : 128;
  padTail(ONE_TAIL, data + (full << 6), rest, tailLen, len);
  compressOne(ONE_TAIL);
  if (tailLen == 128) compressOne(ONE_TAIL + 64);
  for (let i: usize = 0; i < 5; i++) store<u32>(ONE_DIGEST + (i << 2), bswap<u32>(load<u32>(ONE_STATE + (i << 2))));
  hexDigests(ONE_DIGEST, 1, out);
}
