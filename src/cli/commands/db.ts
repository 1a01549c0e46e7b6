// psweep db show | json | csv: look at a database, convert it.

import { Option, type Command } from "commander";
import { resolvePath } from "../../util/path.js";
import { encodeDatabase, readGivenDatabase } from "../database.js";
import { CliError } from "../errors.js";
import { statOf } from "../files.js";
import { githubTable } from "../github.js";
import type { CliContext } from "../program.js";

const SHOW_FORMATS = ["simple", "github", "csv", "json"] as const;
type ShowFormat = (typeof SHOW_FORMATS)[number];

interface ShowOptions {
  all?: boolean;
  index?: boolean;
  format: ShowFormat;
}

export function registerDb(program: Command, cli: CliContext): void {
  const db = program
    .command("db")
    .description("look at a database: show it as a table, convert it to JSON or CSV")
    .addHelpText(
      "after",
      "\nThe database is the file run() writes, e.g. calc/database.arrow. These commands only read it.",
    );

  db.command("show")
    .description("show a database as a table (parameters and results; --all adds the book-keeping columns)")
    .argument("<db>", "the database file, e.g. calc/database.arrow")
    .argument("[cols...]", "show these columns, in this order (default: parameters and results)")
    .option("-a, --all", "show every column, book-keeping ones (_pset_id, _run_id, _time_utc, ...) too")
    .option("-i, --index", "show the row number as a first column (simple and github)")
    .addOption(
      new Option("-f, --format <format>", "simple: aligned text; github: markdown table; csv; json: records")
        .choices(SHOW_FORMATS)
        .default("simple"),
    )
    .addHelpText(
      "after",
      "\nExamples:\n  psweep db show calc/database.arrow\n  psweep db show calc/database.arrow a b _pset_id\n  psweep db show calc/database.arrow --all --index\n  psweep db show calc/database.arrow --format github > table.md",
    )
    .action(
      cli.action(async (path: string, cols: string[], options: ShowOptions) => {
        const index = options.index === true;
        if (cols.length > 0 && options.all)
          throw new CliError("give column names or --all, not both (--all shows every column)");
        if (index && (options.format === "csv" || options.format === "json")) {
          throw new CliError(
            `--index is for the table formats (simple, github); ${options.format} rows have no row number (_pset_seq numbers them: add that column)`,
          );
        }
        const df = await readGivenDatabase(cli, path);
        const { dfExtractDicts, dfFormat, filterCols } = await cli.library();
        const names = df.schema.fields.map((f) => f.name);
        const unknown = cols.filter((c) => !names.includes(c));
        if (unknown.length > 0) {
          throw new CliError(
            `no column ${unknown.map((c) => JSON.stringify(c)).join(", ")} in ${path}; its columns are: ${names.join(", ")}`,
          );
        }
        const twice = cols.filter((c, i) => cols.indexOf(c) !== i);
        if (twice.length > 0) throw new CliError(`column ${JSON.stringify(twice[0])} given twice`);
        const bookKeeping = new Set(filterCols(names, "prefix"));
        const shown = cols.length > 0 ? cols : options.all ? names : names.filter((n) => !bookKeeping.has(n));
        if (shown.length === 0)
          throw new CliError(`${path} has no parameter or result columns; --all shows the book-keeping ones`);
        switch (options.format) {
          case "simple":
            cli.out(dfFormat(df, { cols: shown, index }));
            return;
          case "github":
            cli.out(githubTable(dfExtractDicts(df), shown, { index }));
            return;
          case "csv":
          case "json":
            cli.out(await encodeDatabase(df.select(shown), options.format));
            return;
        }
      }),
    );

  for (const format of ["json", "csv"] as const) {
    db.command(format)
      .description(
        format === "json"
          ? 'convert a database to JSON records (every column; as dfWrite(path, df, {format: "json"}) writes them)'
          : 'convert a database to CSV (every column; as dfWrite(path, df, {format: "csv"}) writes it)',
      )
      .argument("<db>", "the database file, e.g. calc/database.arrow")
      .option("-o, --output <file>", "write to this file instead of stdout (parent folders created)")
      .option("--force", "with -o: replace the file if it exists")
      .action(
        cli.action(async (path: string, options: { output?: string; force?: boolean }) => {
          const output = options.output;
          if (options.force && output === undefined) throw new CliError("--force goes with -o/--output");
          if (output !== undefined) await checkOutput(cli, output, path, options.force === true);
          const df = await readGivenDatabase(cli, path);
          if (output === undefined) {
            cli.out(await encodeDatabase(df, format));
          } else {
            const { dfWrite } = await cli.library();
            await dfWrite(output, df, { format });
          }
        }),
      );
  }
}

/** An output file must not be the database, nor an existing file unless --force. Checked before anything is read or written. */
async function checkOutput(cli: CliContext, output: string, database: string, force: boolean): Promise<void> {
  if (output === "") throw new CliError("-o/--output needs a file name");
  const cwd = cli.host.runtime.cwd();
  if (resolvePath(cwd, output) === resolvePath(cwd, database))
    throw new CliError(`-o ${output} is the database itself; give another file`);
  const info = await statOf(cli.host.runtime, output);
  if (info?.kind === "directory") throw new CliError(`-o ${output} is a directory; give a file name`);
  if (info !== undefined && !force) throw new CliError(`${output} exists; add --force to replace it`);
}
