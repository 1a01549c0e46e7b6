import { defineConfig } from "tsup";

// One entry per way in: the runtime-agnostic API (browsers and any runtime)
// and one per runtime binding. Shared code lands in common chunks.
export default defineConfig({
  entry: {
    index: "src/index.ts",
    node: "bindings/node/index.ts",
    bun: "bindings/bun/index.ts",
    deno: "bindings/deno/index.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  splitting: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  platform: "neutral",
  external: [/^node:/],
});
