#!/usr/bin/env node
// The psweep command (package.json "bin"), built by tsup to dist/cli.js.
import { runCli } from "../../src/cli/program.js";
import { nodeCliHost } from "./cliHost.js";

// `psweep db show ... | head` closes the pipe early: that is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

runCli(nodeCliHost, process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`psweep: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
