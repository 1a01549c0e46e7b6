// The Redis options psweep worker and psweep queue share. Secrets never come
// from the command line (ps shows it to everyone on the machine): a URL with
// a password from PSWEEP_REDIS_URL.

import type { Command } from "commander";
import { maskUrlText, type ConnectionSettings } from "../../distributed/connection.js";
import { CliError } from "../errors.js";
import type { CliHost } from "../host.js";

export interface RedisCliOptions {
  redis?: string;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  connectTimeout: string;
}

export function addRedisOptions(command: Command): Command {
  return command
    .option(
      "--redis <url>",
      "the Redis server without a password, e.g. redis://head-node:6379 (default: $PSWEEP_REDIS_URL, where a password goes)",
    )
    .option("--tls-ca <file>", "CA certificate (PEM) for rediss:// servers")
    .option("--tls-cert <file>", "client certificate (PEM) for rediss:// servers that ask for one")
    .option("--tls-key <file>", "the client certificate's key (PEM)")
    .option("--connect-timeout <ms>", "give up when the server does not answer within this time", "10000");
}

export function connectionFromCli(
  options: RedisCliOptions,
  env: CliHost["env"],
): ConnectionSettings & { connection: string } {
  const connectTimeout = positiveInteger(options.connectTimeout, "--connect-timeout");
  let connection = options.redis;
  if (connection !== undefined) {
    if (maskUrlText(connection) !== connection) {
      throw new CliError(
        "--redis must not hold a password: the command line is visible to everyone on this machine (ps); put the URL in PSWEEP_REDIS_URL instead",
      );
    }
  } else {
    connection = env.PSWEEP_REDIS_URL;
    if (connection === undefined || connection === "")
      throw new CliError("no Redis server: give --redis redis://host:port or set PSWEEP_REDIS_URL");
  }
  const tls =
    (options.tlsCa ?? options.tlsCert ?? options.tlsKey)
      ? { caFile: options.tlsCa, certFile: options.tlsCert, keyFile: options.tlsKey }
      : undefined;
  return { connection, connectTimeout, ...(tls && { tls }) };
}

export function positiveInteger(text: string, option: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new CliError(`${option} must be a positive integer, got ${JSON.stringify(text)}`);
  return value;
}
