import { hostname } from "node:os";
import type { Runtime } from "../../src/runtime.js";

export const runtime: Runtime = {
  name: "node",
  hostname: () => hostname(),
};
