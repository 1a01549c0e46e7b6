// The psweep command: a commander program made of one small module per
// subcommand (src/cli/commands/). Nothing here touches process state:
// runCli returns the exit status, and main.ts sets it.

import { Command, CommanderError } from "commander";
import { version } from "../../package.json";
import { commands } from "./commands/index.js";
import { CliError, EXIT } from "./errors.js";

/** Where a command writes, and how its actions report. */
export interface CliContext {
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

export interface CliIo {
  out(text: string | Uint8Array): void;
  err(text: string): void;
}

const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

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

/** The psweep program; `io` is where it writes (stdout and stderr by default). */
export function createProgram(io: CliIo = processIo): { program: Command; status: () => number } {
  let status: number = EXIT.ok;
  const cli: CliContext = {
    out: io.out,
    err: io.err,
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
    .description("Command line helpers for psweep databases and calc dirs (the library is the product: see the README).")
    .version(version, "-V, --version")
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) })
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

/** Runs psweep with these arguments (without "node" and the script); resolves to the exit status. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const { program, status } = createProgram(io);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return status();
  } catch (error) {
    // commander has already printed its message (or the help / version).
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.error;
    if (error instanceof ActionFailure) {
      const cause = error.error;
      if (cause instanceof CliError) {
        io.err(`${error.commandPath}: ${cause.message}\n`);
        return cause.exitCode;
      }
      // The library's errors for bad input (PsweepError and its subclasses): the message says it all.
      if (cause instanceof Error && /^Psweep\w*Error$/.test(cause.name)) {
        io.err(`${error.commandPath}: ${cause.message}\n`);
        return EXIT.error;
      }
      io.err(`${error.commandPath}: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`);
      return EXIT.error;
    }
    throw error;
  }
}
