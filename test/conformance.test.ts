import { deepStrictEqual as same } from "node:assert/strict";
import { describe, expect, it } from "vitest";
import { runtime } from "../bindings/node/runtime.js";
import { runtimeCases } from "./conformance/runtimeCases.js";
import { cases, currentRuntime, type Case } from "./conformance/suite.js";

/** The Runtime cases only Node runs. */
const nodeCases: Case[] = [
  {
    name: "stdio.write: on Node it writes through the stream's prototype, past a write patched on process.stdout/stderr (as by a test runner)",
    run() {
      const calls: string[] = [];
      const undo = (["stdout", "stderr"] as const).map((name) => {
        const stream = process[name];
        const own = Object.getOwnPropertyDescriptor(stream, "write");
        stream.write = ((chunk: unknown) => {
          calls.push(`${name}: ${String(chunk)}`);
          return true;
        }) as typeof stream.write;
        return () => {
          if (own) Object.defineProperty(stream, "write", own);
          else delete (stream as { write?: unknown }).write;
        };
      });
      try {
        runtime.stdio.write("stdout", "");
        runtime.stdio.write("stderr", "");
      } finally {
        undo.reverse().forEach((restore) => restore());
      }
      same(calls, []);
    },
  },
];

describe(`conformance suite under ${currentRuntime()}`, () => {
  it("runs under Node here", () => expect(currentRuntime()).toBe("node"));
  for (const testCase of cases) it(testCase.name, () => testCase.run());
});

describe(`Runtime conformance under ${currentRuntime()}`, () => {
  for (const testCase of runtimeCases(runtime, { extra: nodeCases })) it(testCase.name, () => testCase.run());
});
