// Arrow IPC files may compress their buffers (lz4 frames or zstd, as polars
// and pyarrow write them on request). apache-arrow decodes them only with a
// codec registered for each; psweep registers pure-JavaScript decoders
// (runtime-agnostic, no wasm: fzstd, and lz4.ts) before it reads a file. It writes uncompressed.

import { CompressionType, compressionRegistry } from "apache-arrow";
import { decompress as zstdDecompress } from "fzstd";
import { lz4DecodeFrame } from "./lz4.js";

/**
 * Makes apache-arrow able to read compressed IPC files. Called before each
 * read rather than on import (importing psweep changes nothing); a decoder
 * registered by the application is kept.
 */
export function registerDecoders(): void {
  if (compressionRegistry.get(CompressionType.LZ4_FRAME)?.decode === undefined) {
    compressionRegistry.set(CompressionType.LZ4_FRAME, { decode: lz4DecodeFrame });
  }
  if (compressionRegistry.get(CompressionType.ZSTD)?.decode === undefined) {
    compressionRegistry.set(CompressionType.ZSTD, { decode: (data) => zstdDecompress(data) });
  }
}
