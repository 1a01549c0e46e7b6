// Arrow IPC files may compress their buffers (lz4 frames or zstd, as polars
// and pyarrow write them on request). apache-arrow decodes them only with a
// codec registered for each; psweep registers pure-JavaScript decoders
// (runtime-agnostic, no wasm: fzstd, and lz4.ts) when it loads apache-arrow
// (loadArrow.ts). It writes uncompressed.

import type { decompress } from "fzstd";
import type { ArrowModule } from "./loadArrow.js";
import { lz4DecodeFrame } from "./lz4.js";

/**
 * Makes apache-arrow able to read compressed IPC files; a decoder registered
 * by the application is kept. fzstd is passed in: loaded with apache-arrow, not with psweep.
 */
export function registerDecoders(
  { compressionRegistry, CompressionType }: ArrowModule,
  zstdDecompress: typeof decompress,
): void {
  if (compressionRegistry.get(CompressionType.LZ4_FRAME)?.decode === undefined) {
    compressionRegistry.set(CompressionType.LZ4_FRAME, { decode: lz4DecodeFrame });
  }
  if (compressionRegistry.get(CompressionType.ZSTD)?.decode === undefined) {
    compressionRegistry.set(CompressionType.ZSTD, { decode: (data) => zstdDecompress(data) });
  }
}
