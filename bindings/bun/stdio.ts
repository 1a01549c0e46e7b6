// On Bun, console.* prints natively, not through process.stdout.write, so
// intercept patches the console methods (and Bun's console.write) as well as
// process.stdout/stderr.write.

import type { Stdio, StreamName } from "../../src/runtime.js";
import { chunkText, createRoute, interceptConsole, interceptStreamWrite, patchMethod } from "../shared/interception.js";

type Write = (chunk: string) => boolean;

function streamOf(name: StreamName): NodeJS.WriteStream {
  return name === "stdout" ? process.stdout : process.stderr;
}

// The stream writes as found before psweep first patched them. Bun's
// process.stdout.write is an own property of the stream (a fast path); the
// inherited Writable.prototype.write buffers separately and can reorder
// output, so unlike on Node the prototype's write is not the real one.
let realWrites: Record<StreamName, Write> | undefined;
function realWrite(name: StreamName): Write {
  realWrites ??= { stdout: process.stdout.write as Write, stderr: process.stderr.write as Write };
  return realWrites[name];
}

export const bunStdio: Stdio = {
  isTerminal: (name) => streamOf(name).isTTY === true,
  write(name, text) {
    realWrite(name).call(streamOf(name), text);
  },
  intercept(handler) {
    realWrite("stdout"); // capture the real writes before patching them
    const route = createRoute(handler);
    const undo = [
      interceptStreamWrite(process.stdout, "stdout", route),
      interceptStreamWrite(process.stderr, "stderr", route),
      interceptConsole(route),
      // console.write(...data): Bun's raw write to stdout, no newline added.
      patchMethod(
        console,
        "write",
        (original) =>
          function (this: unknown, ...data: unknown[]) {
            const text = data.map(chunkText).join("");
            return route(
              "stdout",
              text,
              () => original.apply(this, data),
              () => new TextEncoder().encode(text).length,
            );
          },
      ),
    ];
    return () => undo.reverse().forEach((restore) => restore());
  },
};
