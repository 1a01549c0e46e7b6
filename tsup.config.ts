import { defineConfig } from "tsup";

// One entry per way in: the runtime-agnostic API (browsers and any runtime)
// and one per runtime binding. Shared code lands in common chunks.
export default defineConfig({
  entry: {
    index: "src/index.ts",
    node: "bindings/node/index.ts",
    bun: "bindings/bun/index.ts",
    deno: "bindings/deno/index.ts",
    "node-worker": "bindings/node/poolWorker.ts",
    "bun-worker": "bindings/bun/poolWorker.ts",
    "deno-worker": "bindings/deno/poolWorker.ts",
    // Module hooks by URL (bindings/node/sourceService.ts): the main thread's, and a pool worker's.
    "node-source-hooks": "bindings/node/sourceHooks.ts",
    "node-worker-hooks": "bindings/node/workerSourceHooks.ts",
    // The psweep command (package.json "bin"): dist/cli.js, on the Node binding's chunks.
    cli: "bindings/node/cli.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  splitting: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  platform: "neutral",
  // import.meta.url in the CommonJS build too (pool workers are found next to the binding)
  shims: true,
  // @resvg/resvg-js (PNG from psweep plot) is a native, optional package: loaded from node_modules when there.
  external: [/^node:/, "tinypool", "@resvg/resvg-js"],
  // import.meta.resolve is a syntax error in CommonJS, and shims gives only import.meta.url:
  // there bindings/shared/importSync.ts takes require() (which is what that build's import() does too).
  esbuildOptions(options, { format }) {
    if (format === "cjs") options.define = { ...options.define, "import.meta.resolve": "undefined" };
  },
});
