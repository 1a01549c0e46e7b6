// The psweep command: a commander program made of one small module per
// subcommand (src/cli/commands/). Nothing here touches the machine but
// through the CliHost: runCli returns the exit status, and the bin entry
// (bindings/node/cli.ts) sets it.

import { Command, CommanderError } from "commander";
import { version } from "../../package.json";
import { commands } from "./commands/index.js";
import { CliError, EXIT } from "./errors.js";
import type { CliHost } from "./host.js";
import { libraryLoader, type CliLibrary } from "./library.js";

/** Where a command writes, what it runs on, and how its actions report. */
export interface CliContext {
  readonly host: CliHost;
  /** The library bound to the host's runtime, loaded on first use. */
  library(): Promise<CliLibrary>;
  /** Writes to stdout. */
  out(text: string | Uint8Array): void;
  /** Writes to stderr. */
  err(text: string): void;
  /**
   * Wraps a command's action: what it returns is the exit status (default 0);
   * what it throws is reported as one line `psweep <command>: <message>`.
   */
  action<A extends unknown[]>(fn: (...args: A) => Promise<number | void>): (...args: A) => Promise<void>;
}

/** Adds one subcommand (with its own subcommands, options and help) to the program. */
export type RegisterCommand = (program: Command, cli: CliContext) => void;

/** An action failed: which command, and why. */
class ActionFailure extends Error {
  constructor(
    readonly commandPath: string,
    readonly error: unknown,
  ) {
    super(String(error));
  }
}

export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c !== null; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}

/** The psweep program, on `host`. */
export function createProgram(host: CliHost): { program: Command; status: () => number } {
  let status: number = EXIT.ok;
  const cli: CliContext = {
    host,
    library: libraryLoader(host.runtime),
    out: (text) => host.out(text),
    err: (text) => host.err(text),
    action(fn) {
      return async function (this: Command, ...args) {
        try {
          status = (await fn(...args)) ?? EXIT.ok;
        } catch (error) {
          throw new ActionFailure(commandPath(this), error);
        }
      };
    },
  };
  const program = new Command("psweep")
    .description(
      "Command line helpers for psweep databases and calc dirs (the library is the product: see the README).",
    )
    .version(version, "-V, --version")
    .exitOverride()
    .configureOutput({ writeOut: (text) => host.out(text), writeErr: (text) => host.err(text) })
    .addHelpText(
      "after",
      "\nExit status: 0 fine, 1 check found differences, 2 bad input or failure (push and pull: rsync's own status when rsync fails).\n" +
        "Run psweep <command> --help for each command's options.",
    );
  for (const register of commands) register(program, cli);
  // A usage error points to the help of the command that was used.
  const hint = (command: Command): void => {
    command.showHelpAfterError(`(see: ${commandPath(command)} --help)`);
    command.commands.forEach(hint);
  };
  hint(program);
  return { program, status: () => status };
}

/** Runs psweep on `host` with these arguments (without "node" and the script); resolves to the exit status. */
export async function runCli(host: CliHost, argv: readonly string[]): Promise<number> {
  const { program, status } = createProgram(host);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return status();
  } catch (error) {
    // commander has already printed its message (or the help / version).
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.error;
    if (error instanceof ActionFailure) {
      const cause = error.error;
      if (cause instanceof CliError) {
        host.err(`${error.commandPath}: ${cause.message}\n`);
        return cause.exitCode;
      }
      // The library's errors for bad input (PsweepError and its subclasses): the message says it all.
      if (cause instanceof Error && /^Psweep\w*Error$/.test(cause.name)) {
        host.err(`${error.commandPath}: ${cause.message}\n`);
        return EXIT.error;
      }
      host.err(`${error.commandPath}: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`);
      return EXIT.error;
    }
    throw error;
  }
}
