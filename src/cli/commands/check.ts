// psweep check <calcDir>: pset folders on disk against rows in the database.

import type { Command } from "commander";
import { joinPath } from "../../util/path.js";
import { readGivenDatabase } from "../database.js";
import { CliError, EXIT } from "../errors.js";
import { statOf } from "../files.js";
import type { CliContext } from "../program.js";

export function registerCheck(program: Command, cli: CliContext): void {
  program
    .command("check")
    .description("compare a calc dir with its database: pset folders without a row, rows without a folder")
    .argument("<calcDir>", "the calc dir, e.g. calc")
    .option("-d, --database <file>", "the database (default: <calcDir>/database.arrow)")
    .option("--json", 'print {"dbNotDisk": [...], "diskNotDb": [...]} instead of text')
    .addHelpText(
      "after",
      "\nExit status: 0 when they agree, 1 when they differ, 2 on bad input.\nPset folders are the folders named by a _pset_id (a UUID); other files in the calc dir are not looked at.",
    )
    .action(
      cli.action(async (calcDir: string, options: { database?: string; json?: boolean }) => {
        const info = await statOf(cli.host.runtime, calcDir);
        if (info === undefined) throw new CliError(`no calc dir ${calcDir} (no such directory)`);
        if (info.kind !== "directory")
          throw new CliError(
            `${calcDir} is not a directory; give the calc dir (the folder holding database.arrow and the pset folders)`,
          );
        const database = options.database ?? joinPath(calcDir, "database.arrow");
        const df = await readGivenDatabase(cli, database);
        const { checkCalcDir } = await cli.library();
        const { dbNotDisk, diskNotDb } = await checkCalcDir(calcDir, df);
        const agree = dbNotDisk.length === 0 && diskNotDb.length === 0;
        if (options.json) {
          cli.out(`${JSON.stringify({ dbNotDisk, diskNotDb })}\n`);
        } else if (agree) {
          cli.out(
            `${calcDir} and ${database} agree: ${df.numRows} ${plural(df.numRows, "pset")} in the database, each with its folder\n`,
          );
        } else {
          const lines: string[] = [];
          if (dbNotDisk.length > 0) {
            lines.push(
              `${dbNotDisk.length} ${plural(dbNotDisk.length, "pset")} in ${database} without a folder in ${calcDir}:`,
              ...dbNotDisk.map((id) => `  ${id}`),
            );
          }
          if (diskNotDb.length > 0) {
            lines.push(
              `${diskNotDb.length} ${plural(diskNotDb.length, "folder")} in ${calcDir} without a row in ${database}:`,
              ...diskNotDb.map((id) => `  ${id}`),
            );
          }
          cli.out(`${lines.join("\n")}\n`);
        }
        return agree ? EXIT.ok : EXIT.differ;
      }),
    );
}

const plural = (n: number, word: string): string => (n === 1 ? word : `${word}s`);
