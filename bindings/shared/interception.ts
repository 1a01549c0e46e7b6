// Building blocks of Stdio.intercept, used by node, bun and deno: all three
// have the same console methods, Node-style process.stdout/stderr.write and
// node:util's format/inspect (what Node's console prints with). The
// console does not always print through process.stdout/stderr.write (Bun's
// and Deno's print natively; a test runner may replace Node's), so console.*
// and the stream writes are patched separately, and one guard makes sure
// each piece of text is offered to the handler once.

import type { StreamName } from "../../src/runtime.js";
import { builtin } from "./builtin.js";

// node:util when a console call is intercepted, not when psweep loads (see builtin.ts).
const format = (...args: unknown[]): string => builtin("node:util").format(...args);
const inspect = (value: unknown, options: import("node:util").InspectOptions): string =>
  builtin("node:util").inspect(value, options);

/**
 * Offers `text` to the handler. When the handler consumes it, returns
 * `consumed()`; otherwise returns `passThrough()` (the original write or
 * console method). Text written while the handler runs, or by a pass-through
 * (a console method that ends in a patched stream write), is not offered
 * again: it passes through.
 */
export type Route = <R>(stream: StreamName, text: string, passThrough: () => R, consumed: () => R) => R;

export function createRoute(handler: (stream: StreamName, text: string) => boolean): Route {
  let depth = 0;
  return (stream, text, passThrough, consumed) => {
    if (depth === 0) {
      let taken: boolean;
      depth++;
      try {
        taken = handler(stream, text) === true;
      } finally {
        depth--;
      }
      if (taken) return consumed();
    }
    depth++;
    try {
      return passThrough();
    } finally {
      depth--;
    }
  };
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Replaces `target[key]` by `make(original)` and returns a function that puts
 * back exactly what was there (an own property, or nothing when the method
 * was inherited).
 */
export function patchMethod(target: object, key: string, make: (original: Method) => Method): () => void {
  const record = target as Record<string, unknown>;
  const original = record[key];
  if (typeof original !== "function") return () => {};
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  record[key] = make(original as Method);
  return () => {
    if (descriptor) Object.defineProperty(target, key, descriptor);
    else delete record[key];
  };
}

const decoder = new TextDecoder();

/** Text of a chunk written to a stream: a string, or UTF-8 bytes. */
export function chunkText(chunk: unknown): string {
  if (typeof chunk === "string") return chunk;
  if (ArrayBuffer.isView(chunk))
    return decoder.decode(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  return String(chunk);
}

/**
 * Patches a Node-style `stream.write(chunk, encoding?, callback?)` (Bun's and
 * Deno's process.stdout/stderr). A consumed write reports success and calls
 * its callback, as a real write would.
 */
export function interceptStreamWrite(stream: object, name: StreamName, route: Route): () => void {
  return patchMethod(
    stream,
    "write",
    (original) =>
      function (this: unknown, chunk: unknown, ...rest: unknown[]): unknown {
        return route(
          name,
          chunkText(chunk),
          () => original.call(this, chunk, ...rest),
          () => {
            const callback = rest.find((arg): arg is () => void => typeof arg === "function");
            if (callback) queueMicrotask(callback);
            return true;
          },
        );
      },
  );
}

/**
 * Patches the printing console methods. The text offered to the handler is
 * what Node's console prints: arguments formatted by util.format, group
 * indentation, a trailing newline; log/info/debug/dir on stdout,
 * warn/error/trace/assert on stderr. Text the handler does not consume goes
 * to the original method with the original arguments, so it looks exactly as
 * it would have. Methods not patched here (table, count, time*) print
 * natively and are not intercepted.
 */
export function interceptConsole(route: Route): () => void {
  const target = globalThis.console;
  let indent = 0; // group depth opened while intercepting, in spaces
  const line = (text: string): string => (indent > 0 ? text.replace(/^/gm, " ".repeat(indent)) : text) + "\n";
  const undo: Array<() => void> = [];
  const printer =
    (stream: StreamName, render: (args: unknown[]) => string | undefined) =>
    (original: Method): Method =>
      function (this: unknown, ...args: unknown[]) {
        const text = render(args);
        if (text === undefined) return original.apply(this, args); // prints nothing (a passing assert)
        route(
          stream,
          line(text),
          () => original.apply(this, args),
          () => undefined,
        );
      };
  for (const key of ["log", "info", "debug"])
    undo.push(
      patchMethod(
        target,
        key,
        printer("stdout", (args) => format(...args)),
      ),
    );
  for (const key of ["warn", "error"])
    undo.push(
      patchMethod(
        target,
        key,
        printer("stderr", (args) => format(...args)),
      ),
    );
  undo.push(
    patchMethod(
      target,
      "dir",
      printer("stdout", ([value, options]) => inspect(value, { customInspect: false, ...(options as object) })),
    ),
  );
  undo.push(
    patchMethod(
      target,
      "assert",
      printer("stderr", ([condition, ...rest]) => {
        if (condition) return undefined;
        return rest.length === 0
          ? "Assertion failed"
          : format(`Assertion failed: ${rest[0] as string}`, ...rest.slice(1));
      }),
    ),
  );
  undo.push(
    patchMethod(
      target,
      "trace",
      (original) =>
        function trace(this: unknown, ...args: unknown[]) {
          const holder: { stack?: string } = {};
          Error.captureStackTrace(holder, trace);
          const frames = (holder.stack ?? "").split("\n").slice(1).join("\n");
          const message = args.length > 0 ? `Trace: ${format(...args)}` : "Trace";
          route(
            "stderr",
            line(frames ? `${message}\n${frames}` : message),
            () => original.apply(this, args),
            () => undefined,
          );
        },
    ),
  );
  for (const key of ["group", "groupCollapsed"]) {
    undo.push(
      patchMethod(
        target,
        key,
        (original) =>
          function (this: unknown, ...label: unknown[]) {
            if (label.length === 0) original.call(this);
            // A consumed label still opens the group natively (without a label),
            // so text passed through later keeps the console's own indentation.
            else
              route(
                "stdout",
                line(format(...label)),
                () => original.apply(this, label),
                () => original.call(this),
              );
            indent += 2;
          },
      ),
    );
  }
  undo.push(
    patchMethod(
      target,
      "groupEnd",
      (original) =>
        function (this: unknown) {
          original.call(this);
          indent = Math.max(0, indent - 2);
        },
    ),
  );
  return () => undo.reverse().forEach((restore) => restore());
}
