// What the psweep command needs of the machine beyond the library's Runtime:
// environment, its own stdout and stderr, child processes with streamed
// output (rsync), signals, and an HTTP server (report --serve). src/cli/
// reaches the machine only through this; bindings/node/cliHost.ts implements
// it, and bindings/node/cli.ts (the bin entry) hands it to runCli.

import type { Runtime } from "../runtime.js";

export interface CliHost {
  /** Files and the working directory; the library is bound to this runtime too. */
  readonly runtime: Runtime;
  /** Environment variables: where secrets come from (PSWEEP_REDIS_URL, PSWEEP_JOB_KEY), never the command line. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Writes to stdout. */
  out(text: string | Uint8Array): void;
  /** Writes to stderr. */
  err(text: string): void;
  /**
   * Runs `command` with `args` (no shell), stdin closed, handing its output
   * over as it arrives. Resolves when it has ended; rejects with an error
   * whose `code` is "ENOENT" when there is no such command.
   */
  spawn(command: string, args: readonly string[], output: SpawnOutput): Promise<SpawnExit>;
  /**
   * Calls `handler` on the first delivery of each of `signals`, which then no
   * longer end the process (as process.once per signal): a second one of the
   * same kind does.
   */
  onSignal(signals: readonly CliSignal[], handler: () => void): void;
  /**
   * Listens on `host`:`port` (0: any free port) and answers every request with
   * `handler`. Rejects with an error whose `code` is "EADDRINUSE" when the port
   * is taken.
   */
  serve(handler: HttpHandler, address: { host: string; port: number }): Promise<HttpServer>;
}

export type CliSignal = "SIGINT" | "SIGTERM";

export interface SpawnOutput {
  onStdout(chunk: Uint8Array): void;
  onStderr(chunk: Uint8Array): void;
}

export interface SpawnExit {
  /** The exit status, or null when a signal ended it. */
  readonly status: number | null;
  /** The signal that ended it (e.g. "SIGKILL"), or null. */
  readonly signal: string | null;
}

export interface HttpRequest {
  readonly method: string;
  /** The request target as sent: path and query, e.g. "/data?known=3". */
  readonly url: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Answers a request; must not reject (the server has no one to tell). */
export type HttpHandler = (request: HttpRequest) => Promise<HttpResponse>;

export interface HttpServer {
  /** The port it listens on (the one chosen when asked for port 0). */
  readonly port: number;
  /** Stops listening and ends the open connections. */
  close(): Promise<void>;
}
