// Helpers of the Runtime conformance cases. Only node:fs, node:os and
// node:path besides the runtime under test: all three runtimes provide them.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Runtime } from "../../../src/runtime.js";

export type StreamName = Parameters<Parameters<Runtime["stdio"]["intercept"]>[0]>[0];

export const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` in a fresh temporary directory and removes it afterwards. */
export async function inTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "psweep-runtime-"));
  try {
    await fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `captured(fn, consume)` for `runtime`: everything `fn` writes while
 * intercepted, as [stream, text] pairs; the handler's answer is `consume`.
 */
export function capturedBy(runtime: Runtime): (fn: () => void, consume?: boolean) => Array<[StreamName, string]> {
  return (fn, consume = true) => {
    const seen: Array<[StreamName, string]> = [];
    const restore = runtime.stdio.intercept((stream, text) => {
      seen.push([stream, text]);
      return consume;
    });
    try {
      fn();
    } finally {
      restore();
    }
    return seen;
  };
}
