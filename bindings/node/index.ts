// psweep on Node.js: the whole API plus the Node runtime binding.
export * from "../../src/index.js";
export { runtime } from "./runtime.js";
