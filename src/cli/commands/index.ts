// The subcommands of psweep, in the order --help lists them. A new
// subcommand is one module exporting a RegisterCommand (see check.ts for a
// small one) plus one line here.
import type { RegisterCommand } from "../program.js";
import { registerCheck } from "./check.js";
import { registerDb } from "./db.js";
import { registerPlot } from "./plot.js";
import { registerReport } from "./report.js";
import { registerPull, registerPush } from "./rsync.js";
import { registerQueue } from "./queue.js";
import { registerWorker } from "./worker.js";

export const commands: readonly RegisterCommand[] = [
  registerDb,
  registerCheck,
  registerReport,
  registerPlot,
  registerPush,
  registerPull,
  registerWorker,
  registerQueue,
];
