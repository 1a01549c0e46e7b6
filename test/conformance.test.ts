import { describe, expect, it } from "vitest";
import { cases, currentRuntime } from "./conformance/suite.js";

describe(`conformance suite under ${currentRuntime()}`, () => {
  it("runs under Node here", () => expect(currentRuntime()).toBe("node"));
  for (const testCase of cases) it(testCase.name, () => testCase.run());
});
