// psweep push / pull with hostile targets, on the built CLI and the real
// rsync: a target that starts with "-" is refused before anything runs (it
// would be an rsync option such as --rsync-path=<command>), paths go after
// "--", and a copy that made nothing is an error.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { planSync, type SyncOptions } from "../src/cli/sync.js";
import { tmpDir } from "./helpers/tmp.js";

const cli = join(fileURLToPath(new URL("..", import.meta.url)), "dist", "cli.js");

function psweep(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  if (result.error) throw result.error;
  return result;
}

/** A study folder with calc/f.txt; returns it and a folder beside it where a marker would appear. */
function study(): { dir: string; marker: string } {
  const root = tmpDir("psweep-sync-");
  const dir = join(root, "study");
  mkdirSync(join(dir, "calc"), { recursive: true });
  writeFileSync(join(dir, "calc", "f.txt"), "data\n");
  return { dir, marker: join(root, "MARKER") };
}

describe("psweep push / pull: targets that would be rsync options", () => {
  it.each(["push", "pull"])(
    "%s: a target starting with - is refused; rsync never runs, nothing is created",
    (direction) => {
      const s = study();
      for (const target of [
        `--rsync-path=touch ${s.marker}; rsync`,
        "-n",
        "-e",
        `-oProxyCommand=touch ${s.marker}:x`,
      ]) {
        const result = psweep([direction, "--", target], s.dir);
        expect(result.status).not.toBe(0);
        expect(result.stderr).toContain(
          `target ${JSON.stringify(target)} starts with "-" and would be read as an rsync option`,
        );
        expect(result.stderr).not.toContain("rsync --recursive");
        expect(existsSync(s.marker)).toBe(false);
        expect(readdirSync(s.dir)).toEqual(["calc"]);
      }
      const remotePath = psweep([direction, "hpc:-e"], s.dir);
      expect(remotePath.status).not.toBe(0);
      expect(remotePath.stderr).toContain(
        'the path "-e" starts with "-" and would be read as an option on the other side; write hpc:./-e',
      );
    },
  );

  it("a folder named like an option is reached as ./-name, and the paths follow -- on rsync's command line", () => {
    const s = study();
    const pushed = psweep(["push", "./-odd", "--no-database"], s.dir);
    expect(pushed.stderr).toMatch(/rsync .* -- calc \.\/-odd\/\n/);
    expect(pushed.status).toBe(0);
    expect(readdirSync(join(s.dir, "-odd", "calc"))).toEqual(["f.txt"]);
  });

  it("a copy that did nothing is an error: rsync told to list only exits 0, psweep push does not", () => {
    const s = study();
    const target = join(tmpDir(), "there");
    const result = psweep(["push", target, "--no-database", "--", "--list-only"], s.dir);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`rsync exited 0, but ${join(target, "calc")} does not exist: nothing was copied`);
  });

  it("every rsync call of a plan has its paths after --", async () => {
    const options = (target: string): SyncOptions => ({
      target,
      calcDir: "calc",
      databaseBasename: "database.arrow",
      database: true,
      dryRun: false,
      exclude: [],
      excludeFrom: [],
      filterFrom: [],
      rsyncArgs: ["-e", "ssh -p 2"],
    });
    const here = { cwd: "/home/me/s1", home: "/home/me", exists: async () => true, nonEmptyDir: async () => false };
    for (const direction of ["push", "pull"] as const) {
      for (const call of (await planSync(direction, options("hpc:s1"), here)).calls) {
        const at = call.args.indexOf("--");
        expect(at).toBeGreaterThan(0);
        expect(call.args.slice(at + 1).every((arg) => !arg.startsWith("-"))).toBe(true);
        expect(call.args.slice(0, at)).toContain("ssh -p 2");
      }
    }
  });
});
