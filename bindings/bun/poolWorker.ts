// Entry of a pool worker on Bun (built as dist/bun-worker.js).
import { workerHandler } from "../../src/pool/workerHandler.js";
import { guardProcessExit } from "../shared/exitGuard.js";
import { runtime } from "./runtime.js";

guardProcessExit();

export default workerHandler(runtime);
