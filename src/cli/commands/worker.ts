// psweep worker: take psets of distributed runs from a Redis queue.
// Secrets never come from the command line (ps shows it to everyone on the
// machine): the server URL with a password from PSWEEP_REDIS_URL, the job key
// from PSWEEP_JOB_KEY or a file.

import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { maskUrlText } from "../../distributed/connection.js";
import { CliError, EXIT } from "../errors.js";
import type { CliContext } from "../program.js";
import { library } from "../psweep.js";

interface WorkerCliOptions {
  redis?: string;
  queue: string;
  concurrency: string;
  lockDuration: string;
  allow: string[];
  keyFile?: string;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  connectTimeout: string;
}

export function registerWorker(program: Command, cli: CliContext): void {
  program
    .command("worker")
    .description("run psets of distributed runs: take them from a queue on a Redis server until stopped (SIGINT, SIGTERM)")
    .option("--redis <url>", "the Redis server without a password, e.g. redis://head-node:6379 (default: $PSWEEP_REDIS_URL, where a password goes)")
    .requiredOption("--queue <name>", "the queue the sweep uses: distributed({connection, queue})")
    .option("--concurrency <n>", "chunks at once in this worker (for funcs that wait; for CPU-bound ones start a worker per core)", "1")
    .option("--lock-duration <ms>", "how long a job stays locked without renewal: a worker that died is noticed after this", "30000")
    .option("--allow <path>", "a folder or file whose modules jobs may run as func (repeatable; default: the working directory)", collect, [])
    .option("--key-file <path>", "file holding the shared job key (default: $PSWEEP_JOB_KEY); with a key, unsigned jobs are refused")
    .option("--tls-ca <file>", "CA certificate (PEM) for rediss:// servers")
    .option("--tls-cert <file>", "client certificate (PEM) for rediss:// servers that ask for one")
    .option("--tls-key <file>", "the client certificate's key (PEM)")
    .option("--connect-timeout <ms>", "give up when the server does not answer within this time", "10000")
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
        const connectTimeout = positiveInteger(options.connectTimeout, "--connect-timeout");
        const connection = redisUrl(options.redis);
        const key = jobKey(options.keyFile);
        const tls = options.tlsCa ?? options.tlsCert ?? options.tlsKey
          ? { caFile: options.tlsCa, certFile: options.tlsCert, keyFile: options.tlsKey }
          : undefined;
        const { startWorker } = await library();
        const worker = await startWorker({
          connection, queue: options.queue, concurrency, lockDuration, connectTimeout, tls,
          ...(options.allow.length > 0 && { allow: options.allow }),
          ...(key !== undefined && { key }),
          log: (line) => cli.err(`${line}\n`),
        });
        cli.err(
          `psweep worker: taking psets from queue ${options.queue} on ${maskUrlText(connection)} (concurrency ${concurrency}` +
            `${key === undefined ? ", jobs not signed" : ", signed jobs only"}); stop with Ctrl-C\n`,
        );
        const stop = await new Promise<number>((resolve) => {
          process.once("SIGINT", () => resolve(EXIT.ok));
          process.once("SIGTERM", () => resolve(EXIT.ok));
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

function redisUrl(option: string | undefined): string {
  if (option !== undefined) {
    if (maskUrlText(option) !== option) {
      throw new CliError("--redis must not hold a password: the command line is visible to everyone on this machine (ps); put the URL in PSWEEP_REDIS_URL instead");
    }
    return option;
  }
  const fromEnv = process.env.PSWEEP_REDIS_URL;
  if (fromEnv === undefined || fromEnv === "") throw new CliError("no Redis server: give --redis redis://host:port or set PSWEEP_REDIS_URL");
  return fromEnv;
}

function jobKey(keyFile: string | undefined): string | undefined {
  if (keyFile !== undefined) {
    try {
      return readFileSync(keyFile, "utf8");
    } catch (error) {
      throw new CliError(`cannot read --key-file ${JSON.stringify(keyFile)}: ${(error as Error).message}`);
    }
  }
  const fromEnv = process.env.PSWEEP_JOB_KEY;
  return fromEnv === undefined || fromEnv === "" ? undefined : fromEnv;
}

function positiveInteger(text: string, option: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new CliError(`${option} must be a positive integer, got ${JSON.stringify(text)}`);
  return value;
}
