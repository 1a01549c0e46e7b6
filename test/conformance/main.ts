// Runs the conformance suite under whatever runtime starts this file:
//   bun test/conformance/main.ts
//   deno run -A test/conformance/main.ts
import { deepStrictEqual as same, strictEqual as equal } from "node:assert/strict";
import type { Runtime } from "../../src/runtime.js";
import { capturedBy, utf8 } from "./cases/helpers.js";
import { runtimeCases } from "./runtimeCases.js";
import { cases, currentRuntime, type Case } from "./suite.js";

type Name = "bun" | "deno"; // under Node, vitest runs the suite: test/conformance.test.ts

/** The binding under test, by the runtime running this file. */
const bindings: Record<Name, () => Promise<{ runtime: Runtime }>> = {
  bun: () => import("../../bindings/bun/runtime.js"),
  deno: () => import("../../bindings/deno/runtime.js"),
};

interface DenoStdStream {
  write(data: Uint8Array): Promise<number>;
  writeSync(data: Uint8Array): number;
}

/** The Runtime cases only one runtime can run: its own ways of writing to stdout and stderr. */
const extras: Record<Name, (runtime: Runtime) => Case[]> = {
  bun: (runtime) => [
    {
      name: "stdio.intercept: Bun's own direct write (console.write) is routed too",
      run() {
        const bunConsole = console as unknown as { write(...data: unknown[]): number };
        const seen = capturedBy(runtime)(() => {
          equal(bunConsole.write("raw ", utf8("bytes\n")), 10);
        });
        same(seen, [["stdout", "raw bytes\n"]]);
      },
    },
  ],
  deno: (runtime) => [
    {
      name: "stdio.intercept: Deno's own direct writes (Deno.stdout/stderr write and writeSync) are routed too",
      async run() {
        const deno = (globalThis as unknown as { Deno: Record<"stdout" | "stderr", DenoStdStream> }).Deno;
        const pending: Array<Promise<number>> = [];
        const seen = capturedBy(runtime)(() => {
          equal(deno.stdout.writeSync(utf8("sync ä\n")), 8);
          pending.push(deno.stdout.write(utf8("async\n")));
          equal(deno.stderr.writeSync(utf8("err sync\n")), 9);
          pending.push(deno.stderr.write(utf8("err async\n")));
        });
        same(await Promise.all(pending), [6, 10]);
        same(seen, [
          ["stdout", "sync ä\n"],
          ["stdout", "async\n"],
          ["stderr", "err sync\n"],
          ["stderr", "err async\n"],
        ]);
      },
    },
  ],
};

const name = currentRuntime();
if (name === "node")
  throw new Error("under Node the conformance suite runs in vitest: npx vitest run test/conformance.test.ts");
const { runtime } = await bindings[name]();
const all = [...cases, ...runtimeCases(runtime, { extra: extras[name](runtime) })];
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
console.log(`# ${name}: ${all.length - failed}/${all.length} passed`);
if (failed > 0) throw new Error(`${failed} conformance case(s) failed under ${name}`);
