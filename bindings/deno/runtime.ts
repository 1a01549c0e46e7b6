import type { Runtime } from "../../src/runtime.js";

declare const Deno: { hostname(): string };

export const runtime: Runtime = {
  name: "deno",
  hostname: () => Deno.hostname(),
};
