// A decoder of LZ4 frames (https://github.com/lz4/lz4/blob/dev/doc/lz4_Frame_format.md),
// as Arrow IPC compresses buffers with LZ4_FRAME. Written here because the
// pure-JavaScript package (lz4js 0.2) misreads frames with block checksums,
// which polars writes. Checksums are skipped, not verified: a damaged frame
// shows as bad bounds, or as values the Arrow reader refuses.

const MAGIC = 0x184d2204;

/** The bytes an LZ4 frame holds. */
export function lz4DecodeFrame(src: Uint8Array): Uint8Array {
  const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const fail = (what: string): never => {
    throw new Error(`damaged LZ4 frame (${what})`);
  };
  if (src.length < 7 || view.getUint32(0, true) !== MAGIC) fail("no LZ4 magic number");
  const flags = src[4]!;
  if (flags >> 6 !== 1) fail(`frame version ${flags >> 6}, expected 1`);
  const blockChecksums = (flags & 0x10) !== 0;
  let at = 6; // after magic, FLG and BD
  let capacity = Math.max(1024, src.length * 4);
  if (flags & 0x08) {
    const size = view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
    if (size <= 2 ** 31) capacity = Math.max(1, size);
    at += 8;
  }
  if (flags & 0x01) at += 4; // dictionary id: Arrow writes none
  at += 1; // header checksum
  let out = new Uint8Array(capacity);
  let length = 0;
  const reserve = (more: number): void => {
    if (length + more <= out.length) return;
    const grown = new Uint8Array(Math.max(out.length * 2, length + more));
    grown.set(out.subarray(0, length));
    out = grown;
  };
  for (;;) {
    if (at + 4 > src.length) fail("cut short before its end mark");
    const word = view.getUint32(at, true);
    at += 4;
    if (word === 0) break;
    const size = word & 0x7fffffff;
    const end = at + size;
    if (end > src.length) fail("a block runs past the end");
    if (word & 0x80000000) {
      reserve(size);
      out.set(src.subarray(at, end), length);
      length += size;
    } else {
      // Sequences: a token (literal length, match length), literals, a 2-byte offset back into the output.
      while (at < end) {
        const token = src[at++]!;
        let literals = token >> 4;
        if (literals === 15) for (let b = 255; b === 255 && at < end; literals += b) b = src[at++]!;
        if (at + literals > end) fail("literals run past their block");
        reserve(literals);
        out.set(src.subarray(at, at + literals), length);
        length += literals;
        at += literals;
        if (at >= end) break; // the last sequence has literals only
        const offset = src[at]! | (src[at + 1]! << 8);
        at += 2;
        if (offset === 0 || offset > length) fail("a match refers to before the start");
        let match = (token & 15) + 4;
        if ((token & 15) === 15) for (let b = 255; b === 255 && at < end; match += b) b = src[at++]!;
        reserve(match);
        // Byte by byte: a match may overlap the bytes it is copying (runs).
        for (let from = length - offset, i = 0; i < match; i++) out[length++] = out[from + i]!;
      }
    }
    at = end;
    if (blockChecksums) at += 4;
  }
  return out.subarray(0, length);
}
