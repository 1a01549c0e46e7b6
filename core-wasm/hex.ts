const HEX: usize = memory.data<u8>([
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66,
]);

/**
 * Writes `count` 20-byte digests as 40 lowercase hex characters each: the data
 * buffer of an Arrow Utf8 column whose offsets are 40 * i.
 */
export function hexDigests(digests: usize, count: u32, out: usize): void {
  const n = <usize>count * 20;
  for (let i: usize = 0; i < n; i++) {
    const byte = load<u8>(digests + i);
    store<u8>(out + (i << 1), load<u8>(HEX + (byte >> 4)));
    store<u8>(out + (i << 1) + 1, load<u8>(HEX + (byte & 15)));
  }
}
