// psweep push / pull: calc/ to and from another machine with rsync (see ../sync.ts for what is copied and why).

import type { Command } from "commander";
import type { CliContext } from "../program.js";
import { localHere, planSync, runSync, type Direction, type SyncOptions } from "../sync.js";

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

const HELP = {
  push: `
Copies ./<calc-dir> to <target>/<calc-dir> with rsync. <target> is the study
folder on the other side: host:path, host: (this folder's path relative to
$HOME, as Python psweep's psweep-push), or a local path; it is created if
needed. The database goes too (jobs may read their pset from it), unless
--no-database; a remote file newer than yours is never replaced (rsync
--update). Lock, journal and temporary files of the database are never copied.

Rule files found in the current directory: excl_push and rsync.exclude
(--exclude-from), rsync.rules and rsync.filter (merged filter rules).
Patterns see paths as calc/<...>. Symlinks are skipped (add -- --links).

Examples:
  psweep push hpc.example.org:studies/s1 --dry-run
  psweep push hpc.example.org:
  psweep push /mnt/backup/s1 --exclude '*.npy'
  psweep push hpc:s1 -- -e 'ssh -p 2222'`,
  pull: `
Copies <target>/<calc-dir> to ./<calc-dir> with rsync. <target> is the study
folder on the other side: host:path, host: (this folder's path relative to
$HOME, as Python psweep's psweep-pull), or a local path. A local file newer
than the remote one is never replaced (rsync --update).

Your database is never replaced: the remote one lands in
<calc-dir>/remote/<database> (see it with psweep db show), or in <calc-dir>/
when you have none yet; --overwrite-database replaces yours with it;
--no-database leaves it out.

Rule files found in the current directory: excl_pull and rsync.exclude
(--exclude-from), rsync.rules and rsync.filter (merged filter rules).
Patterns see paths as calc/<...>. Symlinks are skipped (add -- --links).

Examples:
  psweep pull hpc.example.org:studies/s1 --dry-run
  psweep pull hpc.example.org:
  psweep pull hpc:s1 --exclude '*.npy' -- --progress`,
};

function register(direction: Direction) {
  return (program: Command, cli: CliContext): void => {
    const command = program
      .command(direction)
      .description(
        direction === "push"
          ? "copy calc/ to another machine (or folder) with rsync"
          : "copy calc/ from another machine (or folder) with rsync; your database is kept",
      )
      .argument("<target>", "the study folder on the other side: host:path, host: or a local path")
      .argument("[rsync-options...]", "more rsync options, after --")
      .option("-n, --dry-run", "only show what would be copied (rsync --dry-run); nothing changes")
      .option("--calc-dir <dir>", "the calc dir, below the current folder and <target>", "calc")
      .option("--database-basename <name>", "the database file in the calc dir", "database.arrow")
      .option("--no-database", "leave the database (and <calc-dir>/.psweep/) out");
    if (direction === "pull") command.option("--overwrite-database", "replace your database with the remote one");
    command
      .option("--exclude <pattern>", "do not copy files matching this rsync pattern (repeatable)", collect)
      .option("--exclude-from <file>", "rsync exclude patterns from this file (repeatable)", collect)
      .option("--filter-from <file>", "rsync filter rules from this file, merged (repeatable)", collect)
      .addHelpText("after", HELP[direction])
      .action(
        cli.action(async (target: string, rsyncArgs: string[], options: Partial<SyncOptions>) => {
          const sync: SyncOptions = {
            target,
            rsyncArgs,
            calcDir: options.calcDir ?? "calc",
            databaseBasename: options.databaseBasename ?? "database.arrow",
            database: options.database !== false,
            overwriteDatabase: options.overwriteDatabase === true,
            dryRun: options.dryRun === true,
            exclude: options.exclude ?? [],
            excludeFrom: options.excludeFrom ?? [],
            filterFrom: options.filterFrom ?? [],
          };
          const plan = await planSync(direction, sync, localHere(cli.host));
          await runSync(direction, plan, sync, cli.host);
        }),
      );
  };
}

export const registerPush = register("push");
export const registerPull = register("pull");
