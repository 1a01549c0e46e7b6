// psweep report [database] [-o report.html] [--serve]: the study as one
// self-contained HTML page, or served live while a sweep runs.

import type { Command } from "commander";
import { readGivenDatabase } from "../database.js";
import { CliError } from "../errors.js";
import type { CliContext } from "../program.js";
import { isPsweepReport, outputOption, writeOutput } from "../reportFile.js";

interface ReportCliOptions {
  output: string;
  title?: string;
  serve?: boolean;
  host: string;
  port: string;
}

export function registerReport(program: Command, cli: CliContext): void {
  program
    .command("report")
    .description("write an HTML report of a database (summary, charts, table, failed psets), or serve it live")
    .argument("[database]", "the database file", "calc/database.arrow")
    .option("-o, --output <file>", 'the HTML file to write ("-": stdout)', "report.html")
    .option("-t, --title <title>", "the page title (default: psweep report: <database>)")
    .option("--serve", "serve the report on http://<host>:<port>/ and update it as rows arrive (Ctrl-C stops)")
    .option("--host <host>", "with --serve: the address to listen on (default: this machine only)", "127.0.0.1")
    .option("--port <port>", "with --serve: the port (0: any free port)", "8765")
    .addHelpText(
      "after",
      "\nThe page works offline: its script, style and data are inside the one file.\n" +
        "An existing output file is replaced only when it is a psweep report.\n\n" +
        "Examples:\n  psweep report                      # calc/database.arrow -> report.html\n" +
        "  psweep report calc/database.arrow -o study.html\n  psweep report --serve --port 8080   # live view of a running sweep",
    )
    .action(
      cli.action(async (database: string, options: ReportCliOptions) => {
        const title = options.title ?? `psweep report: ${database}`;
        if (!options.serve) outputOption(options.output, "report.html");
        if (options.serve) {
          const port = Number(options.port);
          if (!/^\d+$/.test(options.port) || port > 65535)
            throw new CliError(`--port must be a port number from 0 to 65535, not ${JSON.stringify(options.port)}`);
          const { serveReport } = await import("../reportServer.js");
          await serveReport(cli, { database, title, host: options.host, port, log: cli.err });
          return;
        }
        const df = await readGivenDatabase(cli, database);
        const { report } = await cli.library();
        const html = await report(df, { title });
        if (options.output === "-") cli.out(html);
        else {
          await writeOutput(cli.host.runtime, options.output, html, isPsweepReport);
          cli.err(`psweep report: ${df.numRows} rows of ${database} -> ${options.output}\n`);
        }
      }),
    );
}
