import { describe, expect, it } from "vitest";
import { runtimeCases } from "./conformance/runtimeCases.js";
import { cases, currentRuntime } from "./conformance/suite.js";

describe(`conformance suite under ${currentRuntime()}`, () => {
  it("runs under Node here", () => expect(currentRuntime()).toBe("node"));
  for (const testCase of cases) it(testCase.name, () => testCase.run());
});

describe(`Runtime conformance under ${currentRuntime()}`, () => {
  for (const testCase of runtimeCases) it(testCase.name, () => testCase.run());
});
