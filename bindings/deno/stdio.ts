// On Deno, console.* prints natively, not through any stream object, so
// intercept patches the console methods as well as the streams: Deno's own
// Deno.stdout/stderr (write, writeSync) and the Node-compatible
// process.stdout/stderr.write (which Deno implements on Deno.stdout.writeSync;
// the shared route offers such text to the handler only once).

import type { Stdio, StreamName } from "../../src/runtime.js";
import {
  chunkText,
  createRoute,
  interceptConsole,
  interceptStreamWrite,
  patchMethod,
  type Route,
} from "../shared/interception.js";
import type { DenoNamespace, DenoStdStream } from "./deno.js";

declare const Deno: DenoNamespace;

const encoder = new TextEncoder();

function streamOf(name: StreamName): DenoStdStream {
  return name === "stdout" ? Deno.stdout : Deno.stderr;
}

function interceptDenoStream(name: StreamName, route: Route): () => void {
  const stream = streamOf(name);
  // writeSync answers with the byte count, write with a promise of it
  const patchWrite = (method: "writeSync" | "write", size: (data: Uint8Array) => number | Promise<number>) =>
    patchMethod(
      stream,
      method,
      (original) =>
        function (this: unknown, data: unknown) {
          return route(
            name,
            chunkText(data),
            () => original.call(this, data),
            () => size(data as Uint8Array),
          );
        },
    );
  const undoSync = patchWrite("writeSync", (data) => data.byteLength);
  const undoAsync = patchWrite("write", (data) => Promise.resolve(data.byteLength));
  return () => {
    undoAsync();
    undoSync();
  };
}

export const denoStdio: Stdio = {
  isTerminal: (name) => streamOf(name).isTerminal(),
  write(name, text) {
    const stream = streamOf(name);
    // The prototype's writeSync is the real one, whatever is patched on the instance.
    const writeSync = (Object.getPrototypeOf(stream) as DenoStdStream).writeSync;
    const bytes = encoder.encode(text);
    let written = 0;
    while (written < bytes.length) written += writeSync.call(stream, bytes.subarray(written));
  },
  intercept(handler) {
    const route = createRoute(handler);
    const undo = [
      interceptDenoStream("stdout", route),
      interceptDenoStream("stderr", route),
      // Deno's global process, touched only here: it sets up the Node compatibility layer (see bindings/shared/builtin.ts).
      interceptStreamWrite(process.stdout, "stdout", route),
      interceptStreamWrite(process.stderr, "stderr", route),
      interceptConsole(route),
    ];
    return () => undo.reverse().forEach((restore) => restore());
  },
};
