// psweep worker: take psets of distributed runs from a Redis queue. The job
// key comes from PSWEEP_JOB_KEY or a file, never from the command line.

import type { Command } from "commander";
import { maskUrlText } from "../../distributed/connection.js";
import { CliError, EXIT } from "../errors.js";
import type { CliContext } from "../program.js";
import { addRedisOptions, connectionFromCli, positiveInteger, type RedisCliOptions } from "./redis.js";

interface WorkerCliOptions extends RedisCliOptions {
  queue: string;
  concurrency: string;
  lockDuration: string;
  allow: string[];
  keyFile?: string;
}

export function registerWorker(program: Command, cli: CliContext): void {
  const command = program
    .command("worker")
    .description(
      "run psets of distributed runs: take them from a queue on a Redis server until stopped (SIGINT, SIGTERM)",
    )
    .requiredOption("--queue <name>", "the queue the sweep uses: distributed({connection, queue})")
    .option(
      "--concurrency <n>",
      "chunks at once in this worker (for funcs that wait; for CPU-bound ones start a worker per core)",
      "1",
    )
    .option(
      "--lock-duration <ms>",
      "how long a job stays locked without renewal: a worker that died is noticed after this",
      "30000",
    )
    .option(
      "--allow <path>",
      "a folder or file whose modules jobs may run as func (repeatable; default: the working directory)",
      collect,
      [],
    )
    .option(
      "--key-file <path>",
      "file holding the shared job key (default: $PSWEEP_JOB_KEY); with a key, unsigned jobs are refused",
    );
  addRedisOptions(command)
    .addHelpText(
      "after",
      "\nThe worker loads func by module (the run's funcModule, or the script that called run()),\n" +
        "so the module must be at the same path here as where the sweep was started, inside the\n" +
        "working directory or a folder named with --allow: jobs naming any other module are refused.",
    )
    .action(
      cli.action(async (options: WorkerCliOptions) => {
        const concurrency = positiveInteger(options.concurrency, "--concurrency");
        const lockDuration = positiveInteger(options.lockDuration, "--lock-duration");
        const settings = connectionFromCli(options, cli.host.env);
        const key = await jobKey(cli, options.keyFile);
        const { startWorker } = await cli.library();
        const worker = await startWorker({
          ...settings,
          queue: options.queue,
          concurrency,
          lockDuration,
          ...(options.allow.length > 0 && { allow: options.allow }),
          ...(key !== undefined && { key }),
          log: (line) => cli.err(`${line}\n`),
        });
        cli.err(
          `psweep worker: taking psets from queue ${options.queue} on ${maskUrlText(settings.connection)} (concurrency ${concurrency}` +
            `${key === undefined ? ", jobs not signed" : ", signed jobs only"}); stop with Ctrl-C\n`,
        );
        const stop = await new Promise<number>((resolve) => {
          cli.host.onSignal(["SIGINT", "SIGTERM"], () => resolve(EXIT.ok));
          void worker.lost.then((error) => {
            cli.err(`psweep worker: ${error.message}\n`);
            resolve(EXIT.error);
          });
        });
        await worker.close(); // the psets in progress finish first
        return stop;
      }),
    );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function jobKey(cli: CliContext, keyFile: string | undefined): Promise<string | undefined> {
  if (keyFile !== undefined) {
    try {
      // A BOM is kept: the key is the file's bytes as UTF-8, whatever they are.
      return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await cli.host.runtime.fs.readFile(keyFile));
    } catch (error) {
      throw new CliError(`cannot read --key-file ${JSON.stringify(keyFile)}: ${(error as Error).message}`);
    }
  }
  const fromEnv = cli.host.env.PSWEEP_JOB_KEY;
  return fromEnv === undefined || fromEnv === "" ? undefined : fromEnv;
}
