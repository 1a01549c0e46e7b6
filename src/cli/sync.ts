// psweep push / pull: calc/ to and from another machine with rsync, as
// Python psweep's psweep-push and psweep-pull shell helpers do (same rule
// files, same "same path relative to $HOME" convention), plus care for the
// database:
//
// - Both directions copy with `--recursive --perms --times --update
//   --partial --verbose --info=skip1`: a file that is newer on the receiving
//   side is never replaced (rsync says "<file> is newer"). Symlinks are
//   skipped (as psweep-push/-pull do: links to absolute paths mean nothing
//   on the other machine); pass `-- --links` or `-- --copy-links` to change that.
// - Never copied: the database's lock, journal and temporary files (in
//   calc/.psweep/ and calc/<database>.tmp), and calc/remote/ (where pull
//   keeps the other side's database, see below).
// - push copies the database too (with its write-ahead logs in
//   calc/.psweep/): the machine you push from is where run() or prepBatch()
//   wrote it, and jobs on the cluster may read their pset from it
//   (dfExtractPset). A remote database newer than yours is kept (--update).
//   --no-database leaves it out.
// - pull never replaces your database: the remote one (with its logs, so
//   rows of a run still going there come too) lands in calc/remote/, where
//   `psweep db show calc/remote/database.arrow` reads it. When you have no
//   database yet, it lands in calc/ directly. --overwrite-database replaces
//   yours with it. --no-database leaves it out.
// - Rule files, as psweep-push/-pull: in the current directory, excl_push
//   (push) or excl_pull (pull) and rsync.exclude are given to
//   --exclude-from; rsync.rules and rsync.filter are merged as filter
//   rules. --exclude, --exclude-from and --filter-from add more. They apply
//   to calc/ (paths as calc/<...>), not to the database copy of pull.
// - <target> is the study folder on the other side (the one holding calc/):
//   host:path (path relative to your home there, or absolute), host: (the
//   current directory's path relative to $HOME here, as psweep-push/-pull
//   do), or a local path. push creates it if needed (over ssh with
//   `--rsync-path="mkdir -p <path> && rsync"`).

import { joinPath, normalizePath, relativePath, resolvePath } from "../util/path.js";
import { shellQuoteWord } from "../util/shellQuote.js";
import { CliError } from "./errors.js";
import { statOf } from "./files.js";
import type { CliHost } from "./host.js";

export type Direction = "push" | "pull";

/** The other side: a folder on this machine, or host:path over ssh. */
export type Place = { kind: "local"; path: string } | { kind: "remote"; host: string; path: string };

export interface SyncOptions {
  target: string;
  calcDir: string;
  databaseBasename: string;
  /** false: leave the database and calc/.psweep/ out. */
  database: boolean;
  /** pull: replace the local database with the remote one. */
  overwriteDatabase?: boolean;
  dryRun: boolean;
  exclude: string[];
  excludeFrom: string[];
  filterFrom: string[];
  /** Given after --, passed on to every rsync call. */
  rsyncArgs: string[];
}

/** Where the remote database goes in pull: calc/remote/ (mirror), or calc/ (fresh: none here yet; replace: --overwrite-database). */
export type DatabaseMode = "mirror" | "fresh" | "replace";

export interface RsyncCall {
  args: string[];
  /** What this call copies, for messages. */
  purpose: "calc" | "database";
}

export interface SyncPlan {
  calls: RsyncCall[];
  /** A folder on this machine the calc call must have made (a copy that did nothing is an error). */
  mustExist?: string;
  /** A local folder to create first (push to a local target). */
  mkdir?: string;
  databaseMode?: DatabaseMode;
  /** Where the remote database lands (pull). */
  databaseTo?: string;
}

/** What the plan needs to know about this machine. */
export interface Here {
  cwd: string;
  home: string;
  exists(path: string): Promise<boolean>;
  /** A folder with at least one entry. */
  nonEmptyDir(path: string): Promise<boolean>;
}

/** The folder pull keeps the other side's database in, inside the calc dir. */
export const REMOTE_COPY = "remote";

const COPY = ["--recursive", "--perms", "--times", "--update", "--partial", "--verbose", "--info=skip1"];

const RULE_FILES = {
  push: { excludeFrom: ["excl_push", "rsync.exclude"], merge: ["rsync.rules", "rsync.filter"] },
  pull: { excludeFrom: ["excl_pull", "rsync.exclude"], merge: ["rsync.rules", "rsync.filter"] },
};

export function parseTarget(target: string, here: Pick<Here, "cwd" | "home">): Place {
  if (target.trim() === "") throw new CliError("the target is empty; give host:path, host: or a local path");
  // rsync (and ssh, for a host) would take it for an option, e.g. --rsync-path=<command>.
  if (target.startsWith("-")) {
    throw new CliError(
      `target ${JSON.stringify(target)} starts with "-" and would be read as an rsync option; give host:path, host: or a local path (write ./${target} for a folder with that name)`,
    );
  }
  if (target.includes("\0"))
    throw new CliError(`target ${JSON.stringify(target)} contains a NUL byte; give host:path, host: or a local path`);
  if (target.startsWith("rsync://") || /^[^/]*::/.test(target)) {
    throw new CliError(`${target}: rsync daemon targets are not supported; give host:path (over ssh) or a local path`);
  }
  const remote = /^([^/:]+):(.*)$/.exec(target);
  if (remote === null) {
    if (resolvePath(here.cwd, target) === resolvePath(here.cwd, "."))
      throw new CliError(`${target} is the current directory; give the study folder on the other side`);
    return { kind: "local", path: target.length > 1 ? target.replace(/\/+$/, "") : target };
  }
  const host = remote[1]!;
  const path = remote[2]!;
  if (path.startsWith("-")) {
    throw new CliError(
      `target ${JSON.stringify(target)}: the path ${JSON.stringify(path)} starts with "-" and would be read as an option on the other side; write ${host}:./${path}`,
    );
  }
  if (path !== "") return { kind: "remote", host, path: path.length > 1 ? path.replace(/\/+$/, "") : path };
  // psweep-push/-pull: the same path relative to the home folder on both machines.
  const inHome = relativePath(resolvePath(here.cwd, here.home), resolvePath(here.cwd, "."));
  if (inHome.startsWith("..")) {
    throw new CliError(
      `${target}: "host:" means this folder's path relative to your home (${here.home}), but ${here.cwd} is not inside it; give host:path`,
    );
  }
  return { kind: "remote", host, path: inHome === "" ? "." : inHome.split("\\").join("/") };
}

/** The place as rsync writes it. */
export function placeSpec(place: Place): string {
  return place.kind === "local" ? place.path : `${place.host}:${place.path}`;
}

/** A folder below the current directory, the same on both sides. */
export function checkCalcDirOption(calcDir: string): string {
  const normal = normalizePath(calcDir.split("\\").join("/")).replace(/\/+$/, "");
  if (calcDir === "" || normal.startsWith("/") || normal === "." || normal === ".." || normal.startsWith("../")) {
    throw new CliError(
      `--calc-dir ${JSON.stringify(calcDir)}: give a folder below the current directory (e.g. calc); it has that path on both sides`,
    );
  }
  return normal;
}

function checkBasename(name: string): string {
  if (name === "" || name === "." || name === ".." || name.includes("/") || name.includes("\\")) {
    throw new CliError(
      `--database-basename ${JSON.stringify(name)}: give a file name in the calc dir (e.g. database.arrow), not a path`,
    );
  }
  return name;
}

/** A path for the remote shell: single-quoted, a leading ~/ left to expand. */
export function remoteShellPath(path: string): string {
  if (path === "~") return "~";
  if (path.startsWith("~/")) return `~/${shellQuote(path.slice(2))}`;
  return shellQuote(path);
}

/** A word for sh, quoted when it must be. */
export const shellQuote = shellQuoteWord;

/** The rsync calls of a push or a pull, checked before anything runs. */
export async function planSync(direction: Direction, options: SyncOptions, here: Here): Promise<SyncPlan> {
  const calc = checkCalcDirOption(options.calcDir);
  const db = checkBasename(options.databaseBasename);
  const place = parseTarget(options.target, here);
  const spec = placeSpec(place);
  if (direction === "push" && options.overwriteDatabase) throw new CliError("--overwrite-database is for pull");
  if (options.rsyncArgs.length > 0 && !options.rsyncArgs[0]!.startsWith("-")) {
    throw new CliError(
      `unexpected argument ${JSON.stringify(options.rsyncArgs[0])}: give one target; extra rsync options go after --, e.g. psweep ${direction} ${options.target} -- --links`,
    );
  }

  const ruleFiles = RULE_FILES[direction];
  for (const file of [...options.excludeFrom, ...options.filterFrom]) {
    if (!(await here.exists(resolvePath(here.cwd, file)))) throw new CliError(`no rule file ${file} (no such file)`);
  }
  const found = async (names: string[]): Promise<string[]> => {
    const present = await Promise.all(names.map((name) => here.exists(joinPath(here.cwd, name))));
    return names.filter((_, i) => present[i]);
  };
  const userRules = [
    ...options.exclude.map((pattern) => `--exclude=${pattern}`),
    ...[...(await found(ruleFiles.excludeFrom)), ...options.excludeFrom].map((file) => `--exclude-from=${file}`),
    ...[...(await found(ruleFiles.merge)), ...options.filterFrom].map((file) => `--filter=merge ${file}`),
  ];
  const state = `/${calc}/.psweep`;
  // Never copied: files of a run in progress, and pull's copy of the other side's database.
  const transient = [
    `${state}/*.lock`,
    `${state}/*.lock.break`,
    `${state}/*.journal`,
    `${state}/*.tmp`,
    `/${calc}/${db}.tmp`,
    `/${calc}/${REMOTE_COPY}/`,
  ];
  const databaseFiles = [`/${calc}/${db}`, `${state}/`];
  const excludes = (patterns: string[]): string[] => patterns.map((p) => `--exclude=${p}`);
  const dryRun = options.dryRun ? ["--dry-run"] : [];

  if (direction === "push") {
    if (!(await here.exists(joinPath(here.cwd, calc)))) {
      throw new CliError(
        `no ${calc} in ${here.cwd}; run psweep push in the study folder that holds it, or give --calc-dir`,
      );
    }
    const mkdirRemote =
      place.kind === "remote" && !options.dryRun
        ? [`--rsync-path=mkdir -p ${remoteShellPath(place.path)} && rsync`]
        : [];
    const args = [
      ...COPY,
      "--relative",
      ...dryRun,
      ...mkdirRemote,
      ...excludes(transient),
      ...(options.database ? [] : excludes(databaseFiles)),
      ...userRules,
      ...options.rsyncArgs,
      // Paths after "--": nothing below can be read as an option.
      "--",
      calc,
      `${spec}/`,
    ];
    const local = place.kind === "local" && !options.dryRun;
    return {
      calls: [{ args, purpose: "calc" }],
      ...(local ? { mkdir: place.path, mustExist: joinPath(place.path, calc) } : {}),
    };
  }

  if (place.kind === "local" && !(await here.exists(resolvePath(resolvePath(here.cwd, place.path), calc)))) {
    throw new CliError(`no ${calc} in ${place.path}; give the study folder that holds it, or --calc-dir`);
  }
  const calls: RsyncCall[] = [
    {
      purpose: "calc",
      args: [
        ...COPY,
        "--relative",
        ...dryRun,
        ...excludes([...transient, ...databaseFiles]),
        ...userRules,
        ...options.rsyncArgs,
        "--",
        `${spec}/./${calc}`,
        "./",
      ],
    },
  ];
  const mustExist = options.dryRun ? {} : { mustExist: calc };
  if (!options.database) return { calls, ...mustExist };
  const haveOne =
    (await here.exists(joinPath(here.cwd, calc, db))) ||
    (await here.nonEmptyDir(joinPath(here.cwd, calc, ".psweep", `${db}.wal`)));
  const databaseMode: DatabaseMode = !haveOne ? "fresh" : options.overwriteDatabase ? "replace" : "mirror";
  const to = databaseMode === "mirror" ? `${calc}/${REMOTE_COPY}` : calc;
  calls.push({
    purpose: "database",
    args: [
      "--recursive",
      "--times",
      "--relative",
      // One line per file, changed or not: tells whether the remote has a database.
      "--itemize-changes",
      "--itemize-changes",
      ...dryRun,
      // calc/remote/ mirrors the remote database: a log gone there goes here too.
      ...(databaseMode === "mirror" ? ["--delete", "--delete-missing-args"] : ["--ignore-missing-args"]),
      ...options.rsyncArgs,
      "--",
      `${spec}/${calc}/./${db}`,
      `${spec}/${calc}/./.psweep/${db}.wal`,
      `${to}/`,
    ],
  });
  return { calls, databaseMode, databaseTo: `${to}/${db}`, ...mustExist };
}

/** The host's machine, as planSync sees it. */
export function localHere(host: CliHost): Here {
  const { runtime } = host;
  return {
    cwd: runtime.cwd(),
    home: host.env.HOME ?? "",
    exists: async (path) => (await statOf(runtime, path)) !== undefined,
    nonEmptyDir: async (path) => {
      try {
        return (await statOf(runtime, path))?.kind === "directory" && (await runtime.fs.readDir(path)).length > 0;
      } catch {
        return false;
      }
    },
  };
}

/** Runs the plan: each rsync call in turn, its command line shown on stderr first; a failing rsync is a CliError with its exit status. */
export async function runSync(
  direction: Direction,
  plan: SyncPlan,
  options: SyncOptions,
  host: CliHost,
): Promise<void> {
  const name = `psweep ${direction}`;
  if (plan.mkdir !== undefined) await host.runtime.fs.mkdir(plan.mkdir);
  for (const call of plan.calls) {
    host.err(`${name}: rsync ${call.args.map(shellQuote).join(" ")}\n`);
    const stdout = await rsync(host, call.args, call.purpose === "calc");
    if (
      call.purpose === "calc" &&
      plan.mustExist !== undefined &&
      (await statOf(host.runtime, plan.mustExist)) === undefined
    ) {
      throw new CliError(
        `rsync exited 0, but ${plan.mustExist} does not exist: nothing was copied; check the target and the rsync options`,
      );
    }
    if (call.purpose === "database") host.err(`${name}: ${databaseMessage(plan, options, stdout)}\n`);
  }
}

function databaseMessage(plan: SyncPlan, options: SyncOptions, itemized: string): string {
  const db = options.databaseBasename;
  const escaped = db.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const copied = new RegExp(`^[<>ch.]f.{9} ${escaped}$`, "m").test(itemized);
  const calc = checkCalcDirOption(options.calcDir);
  const dry = options.dryRun ? "(dry run) " : "";
  if (!copied) {
    const removed = new RegExp(`^\\*deleting +${escaped}$`, "m").test(itemized);
    return `${dry}the remote has no database ${calc}/${db}; nothing copied${removed ? `, and the old copy ${plan.databaseTo} ${options.dryRun ? "would be" : "was"} removed` : ""}`;
  }
  const verb = options.dryRun ? "would be copied" : "copied";
  switch (plan.databaseMode) {
    case "mirror":
      return (
        `${dry}remote database ${verb} to ${plan.databaseTo}; your ${calc}/${db} is left as it was ` +
        `(psweep db show ${plan.databaseTo} shows it; --overwrite-database replaces yours with it)`
      );
    case "replace":
      return `${dry}remote database ${verb} to ${plan.databaseTo}, replacing yours (--overwrite-database)`;
    default:
      return `${dry}remote database ${verb} to ${plan.databaseTo} (there was none here)`;
  }
}

/**
 * Runs rsync; its stdout goes to the host's stdout when `show` (or is
 * collected and returned), its stderr to the host's stderr, each chunk as it
 * arrives.
 */
async function rsync(host: CliHost, args: string[], show: boolean): Promise<string> {
  const collected: Uint8Array[] = [];
  // Each chunk of stderr is shown when it arrives, so decoded on its own.
  const text = (bytes: Uint8Array): string => new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  const { status, signal } = await host
    .spawn("rsync", args, {
      onStdout: (chunk) => void (show ? host.out(chunk) : collected.push(chunk)),
      onStderr: (chunk) => host.err(text(chunk)),
    })
    .catch((error: unknown) => {
      if ((error as { code?: unknown }).code === "ENOENT")
        throw new CliError("rsync is not installed (or not on PATH); install it, e.g. apt-get install rsync");
      throw error;
    });
  if (status === 0) return text(concatBytes(collected));
  throw new CliError(
    `rsync failed (${signal ? `killed by ${signal}` : `exit status ${status}`}); see its messages above`,
    status ?? 2,
  );
}

function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const all = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  return all;
}
