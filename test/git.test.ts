// run({git: true}) checked with the real git command line.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname } from "node:path";
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
    expect((error as Error).message).toMatch(
      /has uncommitted changes \((notes\.txt, study\.ts|study\.ts, notes\.txt)\); commit or stash them first/,
    );
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
    expect(git(dir, "log", "--format=%s").split("\n")).toEqual([
      `psweep: ${basename(dir)}: run_id=${secondId}`,
      `psweep: ${basename(dir)}: run_id=${runId}`,
      "init",
    ]);
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

describe("run({git: true}) commits as the user's git would", () => {
  const home = process.cwd();
  const saved = { ...process.env };
  let dir: string;
  let fakeHome: string;
  const VARS = [
    "HOME",
    "XDG_CONFIG_HOME",
    "GIT_CONFIG_NOSYSTEM",
    "GIT_CONFIG_GLOBAL",
    "EMAIL",
    "GIT_AUTHOR_NAME",
    "GIT_AUTHOR_EMAIL",
    "GIT_COMMITTER_NAME",
    "GIT_COMMITTER_EMAIL",
  ];
  beforeEach(() => {
    dir = tmpDir("psweep-gitid-");
    fakeHome = tmpDir("psweep-home-");
    for (const name of VARS) delete process.env[name];
    Object.assign(process.env, { HOME: fakeHome, GIT_CONFIG_NOSYSTEM: "1" });
    process.chdir(dir);
    // the first commit by someone else entirely, so only the config under test decides psweep's
    execFileSync("git", ["init", "-q", "-b", "main"], { cwd: dir });
    writeFileSync(`${dir}/study.ts`, "// the study\n");
    execFileSync("git", ["add", "-A"], { cwd: dir });
    execFileSync("git", ["-c", "user.name=First", "-c", "user.email=first@example.com", "commit", "-q", "-m", "init"], {
      cwd: dir,
    });
  });
  afterEach(() => {
    process.chdir(home);
    for (const name of VARS) delete process.env[name];
    Object.assign(process.env, saved);
  });

  const write = (path: string, text: string) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  };
  /** What `git var` says, without the timestamp: "Name <email>". */
  const gitSays = (what: string) =>
    execFileSync("git", ["var", what], { cwd: dir, encoding: "utf8" }).replace(/ \d+ [+-]\d{4}\n?$/, "");

  async function expectSameAsGit(): Promise<string> {
    await run(func, plist("a", [1]), { git: true });
    const author = git(dir, "log", "-1", "--format=%an <%ae>");
    expect(author).toBe(gitSays("GIT_AUTHOR_IDENT"));
    expect(git(dir, "log", "-1", "--format=%cn <%ce>")).toBe(gitSays("GIT_COMMITTER_IDENT"));
    return author;
  }

  it("reads ~/.config/git/config (XDG), also with quotes, comments and case", async () => {
    write(
      `${fakeHome}/.config/git/config`,
      `# mine\n[User]\n\tName = "Ada  Lovelace" ; the name\n\temail=ada@example.org # work\n`,
    );
    expect(await expectSameAsGit()).toBe("Ada  Lovelace <ada@example.org>");
  });

  it("reads $XDG_CONFIG_HOME/git/config", async () => {
    process.env.XDG_CONFIG_HOME = `${fakeHome}/xdg`;
    write(`${fakeHome}/xdg/git/config`, `[user]\n  name = Xdg Person\n  email = xdg@example.org\n`);
    write(`${fakeHome}/.config/git/config`, `[user]\n  name = Not Me\n  email = not@example.org\n`);
    expect(await expectSameAsGit()).toBe("Xdg Person <xdg@example.org>");
  });

  it("~/.gitconfig wins over the XDG file, the repository's config over both, author.* over user.*", async () => {
    write(`${fakeHome}/.config/git/config`, `[user]\n  name = Xdg\n  email = xdg@example.org\n`);
    write(`${fakeHome}/.gitconfig`, `[user]\n  name = Global\n`);
    expect(await expectSameAsGit()).toBe("Global <xdg@example.org>");
    git(dir, "config", "user.email", "repo@example.org");
    git(dir, "config", "author.name", "Repo Author");
    expect(await expectSameAsGit()).toBe("Repo Author <repo@example.org>");
  });

  it("GIT_AUTHOR_* and GIT_COMMITTER_* win over every config, $EMAIL comes after user.email", async () => {
    write(`${fakeHome}/.gitconfig`, `[user]\n  name = Global\n`);
    process.env.EMAIL = "from-env@example.org";
    expect(await expectSameAsGit()).toBe("Global <from-env@example.org>");
    Object.assign(process.env, {
      GIT_AUTHOR_NAME: "Env Author",
      GIT_AUTHOR_EMAIL: "a@example.org",
      GIT_COMMITTER_NAME: "Env Committer",
      GIT_COMMITTER_EMAIL: "c@example.org",
    });
    expect(await expectSameAsGit()).toBe("Env Author <a@example.org>");
  });

  it("with no name or address set anywhere, refuses before doing anything and says how to set them", async () => {
    const error = await run(func, plist("a", [1]), { git: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PsweepError);
    expect((error as Error).message).toMatch(
      /git has no user\.name and user\.email to commit as; set them .*git config --global user\.name "Your Name".*GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL\. Nothing was done/,
    );
    expect(existsSync(`${dir}/calc`)).toBe(false);
    write(`${fakeHome}/.gitconfig`, `[user]\n  name = Only Name\n`);
    await expect(run(func, plist("a", [1]), { git: true })).rejects.toThrow(
      /git has no user\.email to commit as; set it/,
    );
    expect(git(dir, "log", "--format=%s")).toBe("init");
  });
});
