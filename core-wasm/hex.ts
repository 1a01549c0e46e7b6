const HEX: usize = memory.data<u8>([
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66,
]);

/**
 * Writes `count` 20-byte digests as 40 lowercase hex characters each: the data
 * buffer of an Arrow Utf8 column whose offsets are 40 * i.
 */
export function hexDigests(digests: usize, count: u32, out: usize): void {
  const n = <usize>count * 20;
  // 16 bytes to 32 characters per step: each byte's two nibbles side by
  // side, looked up in a 16-entry table by one swizzle. Bytes past the last
  // whole 16 one at a time, so nothing is read or written past the ends.
  const table = v128.load(HEX);
  const low = i8x16.splat(15);
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const bytes = v128.load(digests + i);
    const hi = v128.and(i16x8.shr_u(bytes, 4), low);
    const lo = v128.and(bytes, low);
    const first = i8x16.shuffle(hi, lo, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    const second = i8x16.shuffle(hi, lo, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
    v128.store(out + (i << 1), i8x16.swizzle(table, first));
    v128.store(out + (i << 1) + 16, i8x16.swizzle(table, second));
  }
  for (; i < n; i++) {
    const byte = load<u8>(digests + i);
    store<u8>(out + (i << 1), load<u8>(HEX + (byte >> 4)));
    store<u8>(out + (i << 1) + 1, load<u8>(HEX + (byte & 15)));
  }
}

/**
 * Turns `count` 16-byte random blocks into version 4 UUIDs (RFC 9562): sets
 * the version and variant bits and writes each as 36 characters,
 * xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx, one after the other.
 */
export function uuidTexts(random: usize, count: u32, out: usize): void {
  for (let id: usize = 0; id < <usize>count; id++) {
    const bytes = random + (id << 4);
    store<u8>(bytes + 6, (load<u8>(bytes + 6) & 0x0f) | 0x40);
    store<u8>(bytes + 8, (load<u8>(bytes + 8) & 0x3f) | 0x80);
    let at = out + id * 36;
    for (let i: usize = 0; i < 16; i++) {
      const byte = load<u8>(bytes + i);
      store<u8>(at, load<u8>(HEX + (byte >> 4)));
      store<u8>(at + 1, load<u8>(HEX + (byte & 15)));
      at += 2;
      if (i == 3 || i == 5 || i == 7 || i == 9) {
        store<u8>(at, 0x2d);
        at++;
      }
    }
  }
}
