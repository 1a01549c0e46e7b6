// Runs the conformance suite under whatever runtime starts this file:
//   bun test/conformance/main.ts
//   deno run -A test/conformance/main.ts
import { cases, currentRuntime } from "./suite.js";

let failed = 0;
for (const [i, testCase] of cases.entries()) {
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
console.log(`# ${currentRuntime()}: ${cases.length - failed}/${cases.length} passed`);
if (failed > 0) throw new Error(`${failed} conformance case(s) failed under ${currentRuntime()}`);
