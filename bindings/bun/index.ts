// psweep on Bun: the whole API plus the Bun runtime binding.
export * from "../../src/index.js";
export { runtime } from "./runtime.js";
