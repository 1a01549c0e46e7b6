// Runs the conformance suite under whatever runtime starts this file:
//   bun test/conformance/main.ts
//   deno run -A test/conformance/main.ts
import { runtimeCases } from "./runtimeCases.js";
import { cases, currentRuntime } from "./suite.js";

const all = [...cases, ...runtimeCases];
let failed = 0;
for (const [i, testCase] of all.entries()) {
  const started = performance.now();
  try {
    await testCase.run();
    console.log(`ok ${i + 1} - ${testCase.name} (${Math.round(performance.now() - started)} ms)`);
  } catch (error) {
    failed++;
    console.log(`not ok ${i + 1} - ${testCase.name}`);
    console.log(String((error as Error)?.stack ?? error).replace(/^/gm, "  # "));
  }
}
console.log(`# ${currentRuntime()}: ${all.length - failed}/${all.length} passed`);
if (failed > 0) throw new Error(`${failed} conformance case(s) failed under ${currentRuntime()}`);
