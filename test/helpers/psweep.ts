// The library bound to the Node runtime, from source, for unit tests.
import { createPsweep } from "../../src/api.js";
import { runtime } from "../../bindings/node/runtime.js";

export * from "../../src/index.js";
export { runtime };
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
