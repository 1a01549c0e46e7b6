// Entry of a pool worker on Node (built as dist/node-worker.js).
import { workerHandler } from "../../src/pool/workerHandler.js";
import { guardProcessExit } from "../shared/exitGuard.js";
import { typescriptFromMainThread } from "./importModule.js";
import { runtime } from "./runtime.js";

guardProcessExit();
typescriptFromMainThread();

export default workerHandler(runtime);
