// psweep on Deno: the whole API, bound to this runtime.
import { createPsweep } from "../../src/api.js";
import { runtime } from "./runtime.js";

export * from "../../src/index.js";
export { runtime, createPsweep };
export const {
  run,
  prepBatch,
  dfRead,
  dfWrite,
  dfPrint,
  checkCalcDir,
  fileWrite,
  fileRead,
  jsonWrite,
  jsonRead,
  system,
  distributed,
  startWorker,
  queueStatus,
} = createPsweep(runtime);
