import { hostname } from "node:os";
import type { Runtime } from "../../src/runtime.js";

// Bun implements node:os natively; its own global has no host name call.
export const runtime: Runtime = {
  name: "bun",
  hostname: () => hostname(),
};
