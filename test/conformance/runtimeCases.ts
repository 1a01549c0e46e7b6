// The conformance cases of the Runtime interface (src/runtime.ts), as a
// function of the runtime under test (as unstorage's testDriver): every
// binding has to show the same behaviour. The runners pass the runtime of
// the binding they test, conformance.test.ts under Node and main.ts under
// Bun and Deno, and as `extra` the cases only that runtime can run.
//
// The cases use only node:assert, node:fs, node:os and node:path besides the
// runtime: all three runtimes provide them.

import type { Runtime } from "../../src/runtime.js";
import { asyncContextCases } from "./cases/asyncContext.js";
import { fileCases } from "./cases/files.js";
import { processCases } from "./cases/processes.js";
import { stdioCases } from "./cases/stdio.js";
import type { Case } from "./suite.js";

export function runtimeCases(runtime: Runtime, options: { extra?: readonly Case[] } = {}): Case[] {
  return [
    ...processCases(runtime),
    ...fileCases(runtime),
    ...asyncContextCases(runtime),
    ...stdioCases(runtime),
    ...(options.extra ?? []),
  ];
}
