// Who a commit is by, chosen as the git command line chooses (git var
// GIT_AUTHOR_IDENT): the GIT_AUTHOR_* (GIT_COMMITTER_*) variables, then
// author.* (committer.*) and user.* from the config files, the repository's
// over the global ones ($GIT_CONFIG_GLOBAL, or ~/.gitconfig over the XDG
// file) over the system one, then $EMAIL for the address. Git would guess
// the rest from the account and host name; a guess like root@localhost in
// the study's history helps nobody, so a missing name or address is an error
// that says how to set it. [include] sections are not followed. Used by
// isomorphicGit.ts (so by node, bun and deno): only node:fs, node:os and
// process.env, which all three provide.

import { builtin } from "./builtin.js";
import { PsweepError } from "../../src/errors.js";

export interface Identity {
  readonly name: string;
  readonly email: string;
}

type Config = Map<string, string>;

export function gitIdentity(
  root: string,
  role: "author" | "committer",
  env: Record<string, string | undefined> = process.env,
): Identity {
  const config = readConfigs(root, env);
  const upper = role.toUpperCase();
  const pick = (key: "name" | "email"): string | undefined =>
    nonEmpty(env[`GIT_${upper}_${key.toUpperCase()}`]) ??
    nonEmpty(config.get(`${role}.${key}`)) ??
    nonEmpty(config.get(`user.${key}`));
  const name = pick("name");
  const email = pick("email") ?? nonEmpty(env.EMAIL);
  if (name === undefined || email === undefined) {
    const missing = [name === undefined ? "user.name" : undefined, email === undefined ? "user.email" : undefined]
      .filter(Boolean)
      .join(" and ");
    throw new PsweepError(
      `git: true, but git has no ${missing} to commit as; set ${missing === "user.name and user.email" ? "them" : "it"} as for any commit ` +
        `(git config --global user.name "Your Name"; git config --global user.email you@example.com), ` +
        `or set GIT_${upper}_NAME and GIT_${upper}_EMAIL. Nothing was done`,
    );
  }
  return { name, email };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

/** The config files git reads, lowest priority first, merged (later files win). */
function readConfigs(root: string, env: Record<string, string | undefined>): Config {
  const home = env.HOME ?? builtin("node:os").homedir();
  const files: string[] = [];
  if (env.GIT_CONFIG_NOSYSTEM === undefined || !isTrue(env.GIT_CONFIG_NOSYSTEM))
    files.push(env.GIT_CONFIG_SYSTEM ?? "/etc/gitconfig");
  if (env.GIT_CONFIG_GLOBAL !== undefined) files.push(env.GIT_CONFIG_GLOBAL);
  else files.push(`${nonEmpty(env.XDG_CONFIG_HOME) ?? `${home}/.config`}/git/config`, `${home}/.gitconfig`);
  files.push(`${root}/.git/config`);
  const merged: Config = new Map();
  for (const file of files) {
    let text: string;
    try {
      text = builtin("node:fs").readFileSync(file, "utf8");
    } catch {
      continue; // a config file that is not there
    }
    for (const [key, value] of parseConfig(text)) merged.set(key, value);
  }
  return merged;
}

function isTrue(value: string): boolean {
  return ["1", "true", "yes", "on"].includes(value.trim().toLowerCase());
}

/**
 * `section.key` → value of a git config file's user and author/committer
 * entries (keys and section names are case-insensitive; values may be
 * quoted, with \" \\ \n \t escapes; # and ; start comments outside quotes).
 */
export function parseConfig(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let section = "";
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    const header = /^\[\s*([A-Za-z0-9.-]+)(\s+"(?:[^"\\]|\\.)*")?\s*\]/.exec(line);
    if (header) {
      // a subsection ([user "x"]) is not the section itself
      section = header[2] === undefined ? header[1]!.toLowerCase() : "";
      line = line.slice(header[0].length).trim();
    }
    const entry = /^([A-Za-z][A-Za-z0-9-]*)\s*=(.*)$/.exec(line);
    if (entry && section !== "") out.push([`${section}.${entry[1]!.toLowerCase()}`, configValue(entry[2]!)]);
  }
  return out;
}

function configValue(text: string): string {
  let value = "";
  let quoted = false;
  let pendingSpace = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\" && i + 1 < text.length) {
      const next = text[++i]!;
      value += pendingSpace + (({ n: "\n", t: "\t", b: "\b" } as Record<string, string>)[next] ?? next);
      pendingSpace = "";
    } else if (c === '"') {
      value += pendingSpace;
      pendingSpace = "";
      quoted = !quoted;
    } else if (!quoted && (c === "#" || c === ";")) {
      break;
    } else if (!quoted && (c === " " || c === "\t")) {
      if (value !== "") pendingSpace += c; // inner spaces kept, leading and trailing dropped
    } else {
      value += pendingSpace + c;
      pendingSpace = "";
    }
  }
  return value;
}
