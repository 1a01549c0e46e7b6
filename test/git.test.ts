// run({git: true}) checked with the real git command line.

import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PsweepError, dfExtractDicts, plist, run } from "./helpers/psweep.js";
import { tmpDir } from "./helpers/tmp.js";

const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" }).trim();
const func = (p: { a: number }) => ({ b: p.a * 2 });

describe("run({git: true})", () => {
  const home = process.cwd();
  let dir: string;
  beforeEach(() => {
    dir = tmpDir("psweep-git-");
    process.chdir(dir);
  });
  afterEach(() => process.chdir(home));

  function repo(): void {
    git(dir, "init", "-q", "-b", "main");
    git(dir, "config", "user.name", "Test User");
    git(dir, "config", "user.email", "test@example.com");
    writeFileSync(`${dir}/study.ts`, "// the study\n");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "init");
  }

  it("refuses outside a repository, before doing anything", async () => {
    await expect(run(func, plist("a", [1]), { git: true })).rejects.toThrow(
      new RegExp(`${dir}.* is not in a git repository; create one \\(git init, then commit\\), or leave out git`),
    );
    expect(existsSync(`${dir}/calc`)).toBe(false);
  });

  it("refuses a repository with uncommitted changes, naming them, before doing anything", async () => {
    repo();
    writeFileSync(`${dir}/notes.txt`, "draft\n");
    writeFileSync(`${dir}/study.ts`, "// changed\n");
    const error = await run(func, plist("a", [1]), { git: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PsweepError);
    expect((error as Error).message).toMatch(/has uncommitted changes \((notes\.txt, study\.ts|study\.ts, notes\.txt)\); commit or stash them first/);
    expect(existsSync(`${dir}/calc`)).toBe(false);
    expect(git(dir, "log", "--format=%s")).toBe("init");
  });

  it("commits everything the run changed, with the psweep message, visible to git; the tree is clean after", async () => {
    repo();
    const df = await run(func, plist("a", [1, 2]), { git: true });
    const runId = String(dfExtractDicts(df)[0]!._run_id);
    expect(git(dir, "log", "--format=%s")).toBe(`psweep: ${basename(dir)}: run_id=${runId}\ninit`);
    expect(git(dir, "log", "-1", "--format=%an <%ae>")).toBe("Test User <test@example.com>");
    expect(git(dir, "status", "--porcelain")).toBe("");
    expect(git(dir, "show", "--name-only", "--format=", "HEAD").split("\n")).toContain("calc/database.arrow");
    git(dir, "fsck", "--strict");
    // the committed database is the one on disk
    expect(git(dir, "diff", "HEAD~1", "--stat")).toMatch(/calc\/database\.arrow/);

    const second = await run(func, plist("a", [3]), { git: true });
    const secondId = String(dfExtractDicts(second)[2]!._run_id);
    expect(git(dir, "log", "--format=%s").split("\n")).toEqual([`psweep: ${basename(dir)}: run_id=${secondId}`, `psweep: ${basename(dir)}: run_id=${runId}`, "init"]);
    expect(git(dir, "status", "--porcelain")).toBe("");
  });

  it("makes no commit when nothing changed (save: false)", async () => {
    repo();
    await run(func, plist("a", [1]), { git: true, save: false });
    expect(git(dir, "log", "--format=%s")).toBe("init");
    expect(git(dir, "status", "--porcelain")).toBe("");
  });

  it("commits the psets that finished when func fails, then raises", async () => {
    repo();
    const failing = (p: { a: number }) => {
      if (p.a === 2) throw new Error("two");
      return { b: p.a };
    };
    await expect(run(failing, plist("a", [1, 2]), { git: true })).rejects.toThrow(/func failed on params\[1\]/);
    expect(git(dir, "log", "--format=%s").split("\n")[0]).toMatch(/^psweep: .*: run_id=[0-9a-f-]{36}$/);
    expect(git(dir, "status", "--porcelain")).toBe("");
  });
});
