// psweep queue: what a distributed queue holds and which workers serve it.

import type { Command } from "commander";
import type { CliContext } from "../program.js";
import { addRedisOptions, connectionFromCli, type RedisCliOptions } from "./redis.js";

export function registerQueue(program: Command, cli: CliContext): void {
  const command = program
    .command("queue")
    .description("show a distributed queue: jobs (chunks of psets) waiting, active, failed, and the workers connected")
    .requiredOption("--queue <name>", "the queue the sweep uses: distributed({connection, queue})");
  addRedisOptions(command).action(
    cli.action(async (options: RedisCliOptions & { queue: string }) => {
      const { queueStatus } = await cli.library();
      const status = await queueStatus({ ...connectionFromCli(options, cli.host.env), queue: options.queue });
      const c = status.counts;
      cli.out(`queue ${options.queue} on ${status.server}\n`);
      cli.out(
        `jobs: ${c.waiting} waiting, ${c.active} active, ${c.delayed} delayed, ${c.failed} failed, ${c.completed} completed (kept)\n`,
      );
      cli.out(`workers: ${status.workers.length}\n`);
      for (const w of status.workers)
        cli.out(`  ${w.name || "(unnamed)"}  ${w.address}  connected ${w.ageSeconds} s, idle ${w.idleSeconds} s\n`);
    }),
  );
}
