// psweep on Deno: the whole API plus the Deno runtime binding.
export * from "../../src/index.js";
export { runtime } from "./runtime.js";
