// On Node, console.* writes through process.stdout/stderr.write, so
// replacing those two methods intercepts everything.

import type { Stdio, StreamName } from "../../src/runtime.js";

const decoder = new TextDecoder();

function streamOf(name: StreamName): NodeJS.WriteStream {
  return name === "stdout" ? process.stdout : process.stderr;
}

type Write = NodeJS.WriteStream["write"];

export const nodeStdio: Stdio = {
  isTerminal: (name) => streamOf(name).isTTY === true,
  write(name, text) {
    const stream = streamOf(name);
    // The prototype's write is the real one, whatever is patched on the instance.
    (Object.getPrototypeOf(stream) as { write: Write }).write.call(stream, text);
  },
  intercept(handler) {
    const restore = (["stdout", "stderr"] as const).map((name) => {
      const stream = streamOf(name);
      const previous = Object.prototype.hasOwnProperty.call(stream, "write") ? stream.write : undefined;
      const fallback = stream.write;
      stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
        const text = typeof chunk === "string" ? chunk : decoder.decode(chunk as Uint8Array);
        if (handler(name, text)) {
          const callback = rest.find((arg): arg is () => void => typeof arg === "function");
          callback?.();
          return true;
        }
        return (fallback as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
      } as Write;
      return () => {
        if (previous) stream.write = previous;
        else delete (stream as { write?: Write }).write;
      };
    });
    return () => restore.forEach((undo) => undo());
  },
};
