// psweep worker: take psets of distributed runs from a Redis queue.

import type { Command } from "commander";
import { CliError, EXIT } from "../errors.js";
import type { CliContext } from "../program.js";
import { library } from "../psweep.js";

export function registerWorker(program: Command, cli: CliContext): void {
  program
    .command("worker")
    .description("run psets of distributed runs: take them from a queue on a Redis server until stopped (SIGINT, SIGTERM)")
    .requiredOption("--redis <url>", "the Redis server, e.g. redis://head-node:6379")
    .requiredOption("--queue <name>", "the queue the sweep uses: distributed({connection, queue})")
    .option("--concurrency <n>", "psets at once in this worker (for funcs that wait; for CPU-bound ones start a worker per core)", "1")
    .option("--lock-duration <ms>", "how long a job stays locked without renewal: a worker that died is noticed after this", "30000")
    .addHelpText(
      "after",
      "\nThe worker loads func by module (the run's funcModule, or the script that called run()),\n" +
        "so the module must be at the same path here as where the sweep was started.",
    )
    .action(
      cli.action(async (options: { redis: string; queue: string; concurrency: string; lockDuration: string }) => {
        const concurrency = positiveInteger(options.concurrency, "--concurrency");
        const lockDuration = positiveInteger(options.lockDuration, "--lock-duration");
        const { startWorker } = await library();
        const worker = await startWorker({ connection: options.redis, queue: options.queue, concurrency, lockDuration });
        cli.err(`psweep worker: taking psets from queue ${options.queue} on ${options.redis} (concurrency ${concurrency}); stop with Ctrl-C\n`);
        await new Promise<void>((resolve) => {
          process.once("SIGINT", () => resolve());
          process.once("SIGTERM", () => resolve());
        });
        await worker.close(); // the psets in progress finish first
        return EXIT.ok;
      }),
    );
}

function positiveInteger(text: string, option: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new CliError(`${option} must be a positive integer, got ${JSON.stringify(text)}`);
  return value;
}
