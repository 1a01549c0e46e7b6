// Collecting a child process' stdout and stderr from web ReadableStreams
// (what Bun.spawn and Deno.Command give) in the order the chunks arrive.
// Used by bun and deno; only web streams and TextDecoder, which both have.

/** Appends the stream's chunks to `chunks` as they arrive (both streams of a child share one list). */
export async function drain(stream: ReadableStream<Uint8Array>, chunks: Uint8Array[]): Promise<void> {
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    chunks.push(value);
  }
}

/** Decodes the chunks as one UTF-8 text (a character may be split across chunks). */
export function decode(chunks: Uint8Array[]): string {
  const bytes = new Uint8Array(chunks.reduce((n, chunk) => n + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return new TextDecoder().decode(bytes);
}
