// Node's own console writes through process.stdout/stderr.write, but a
// console replaced by a test runner (vitest, jest) or a `new Console(...)`
// does not, so intercept patches the console methods as well as the two
// stream writes; the shared route offers each piece of text to the handler
// once (a console call passed through that ends in a stream write is not
// offered again).

import type { Stdio, StreamName } from "../../src/runtime.js";
import { createRoute, interceptConsole, interceptStreamWrite } from "../shared/interception.js";

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
    const route = createRoute(handler);
    const undo = [
      interceptStreamWrite(process.stdout, "stdout", route),
      interceptStreamWrite(process.stderr, "stderr", route),
      interceptConsole(route),
    ];
    return () => undo.reverse().forEach((restore) => restore());
  },
};
