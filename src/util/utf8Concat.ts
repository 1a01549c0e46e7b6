// Many strings as UTF-8 end to end, with where each starts: the layout of an
// Arrow Utf8 column and of the fragments the core stitches into pset hashes.

const encoder = new TextEncoder();

/**
 * The UTF-8 bytes of `texts` end to end, and `offsets` (texts.length + 1 of
 * them): text i is bytes[offsets[i] .. offsets[i + 1]). Made without a
 * buffer per text: a million small buffers cost far more memory than their
 * bytes.
 */
export function utf8Concat(texts: readonly string[]): { offsets: Int32Array; bytes: Uint8Array } {
  const offsets = new Int32Array(texts.length + 1);
  const joined = texts.join("");
  // All ASCII (the usual case: ids, hashes, names, numbers) fits a byte per
  // UTF-16 unit: one encode for all, offsets from the lengths, and no buffer
  // three times too big to trim.
  const ascii = new Uint8Array(joined.length);
  const { read, written } = encoder.encodeInto(joined, ascii);
  if (read === joined.length && written === joined.length) {
    for (let i = 0; i < texts.length; i++) offsets[i + 1] = offsets[i]! + texts[i]!.length;
    return { offsets, bytes: ascii };
  }
  const bytes = new Uint8Array(joined.length * 3); // UTF-8 takes at most 3 bytes per UTF-16 unit
  let position = 0;
  for (let i = 0; i < texts.length; i++) {
    position += encoder.encodeInto(texts[i]!, bytes.subarray(position)).written;
    offsets[i + 1] = position;
  }
  return { offsets, bytes: bytes.slice(0, position) };
}
