// Per-pset capture of stdout and stderr. Output is routed by async context:
// whatever a pset's func prints, also from callbacks and awaits, and also
// while other psets' funcs run concurrently, lands in that pset's buffer and
// nowhere else. Output outside any pset passes through untouched.

import type { AsyncContext, Runtime } from "../runtime.js";

export class LogCapture {
  private readonly context: AsyncContext<string[]>;
  private restore: (() => void) | undefined;

  constructor(private readonly runtime: Runtime) {
    this.context = runtime.createAsyncContext<string[]>();
  }

  start(): void {
    this.restore = this.runtime.stdio.intercept((_stream, text) => {
      const buffer = this.context.get();
      if (buffer === undefined) return false;
      buffer.push(text);
      return true;
    });
  }

  stop(): void {
    this.restore?.();
    this.restore = undefined;
  }

  /** Runs `fn` with its output going to `into`. */
  run<R>(into: string[], fn: () => R): R {
    return this.context.run(into, fn);
  }
}
