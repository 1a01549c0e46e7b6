// prepBatch's options, checked before anything touches the disk.

import { readOptions } from "../util/optionReader.js";
import type { TemplateMode } from "./template.js";

export type { TemplateMode } from "./template.js";

export interface PrepBatchOptions {
  /** Templates filled per pset into `<calcDir>/<_pset_id>/` (subfolders kept). Default "templates/calc". */
  calcTemplDir?: string;
  /** One folder per machine, each with `jobscript` and `info.yaml` (`subcmd`, optional `slurm_array`). Default "templates/machines". */
  machineTemplDir?: string;
  /** Also write `<calcDir>/<_pset_id>/pset.json`: the pset with its book-keeping fields. Default false. */
  writePset?: boolean;
  /**
   * "string" (default): Python string.Template placeholders `$name`, `${name}`, `$$`; values
   * are written as String(v) (null as "null", true as "true"), arrays and objects as JSON,
   * _time_utc as ISO 8601. "jinja": `{{ name }}`, filled by nunjucks (a null value counts as missing there).
   */
  templateMode?: TemplateMode;
  /** As in run(). Default "calc". */
  calcDir?: string;
  /** As in run(). Default "database.arrow". */
  databaseBasename?: string;
  /** Write everything to `<calcDir>.simulate/` (recreated, with a copy of the database) instead of calcDir. Default false. */
  simulate?: boolean;
  /** As in run(): copy calcDir to `<calcDir>.bak_<time>_run_id_<id>` first. Default false. */
  backup?: boolean;
  /** As in run(): leave out psets whose hash is already in the database. Default false. */
  skipDups?: boolean;
  /** false: write the pset folders and run scripts but not the database (sequence numbers still continue from it). Default true. */
  save?: boolean;
  /** As in run(): refuse outside a git repository or with uncommitted changes; commit everything after, run scripts included. Default false. */
  git?: boolean;
  /** As in run(). */
  lockTimeout?: number;
  /** As in run(). */
  progress?: boolean;
  /** As in run(). */
  verbose?: boolean | readonly string[];
}

export interface CheckedBatchOptions {
  readonly calcTemplDir: string;
  readonly machineTemplDir: string;
  readonly writePset: boolean;
  readonly templateMode: TemplateMode;
  readonly calcDir: string;
  readonly databaseBasename: string;
  readonly simulate: boolean;
  readonly backup: boolean;
  readonly skipDups: boolean;
  readonly save: boolean;
  readonly git: boolean;
  /** Options handed to run() as they are (it checks them). */
  readonly passThrough: { lockTimeout?: number; progress?: boolean; verbose?: boolean | readonly string[] };
}

const NAMES = [
  "calcTemplDir",
  "machineTemplDir",
  "writePset",
  "templateMode",
  "calcDir",
  "databaseBasename",
  "simulate",
  "backup",
  "skipDups",
  "save",
  "git",
  "lockTimeout",
  "progress",
  "verbose",
] as const;

export function checkBatchOptions(options: unknown): CheckedBatchOptions {
  const notHere = ["poolsize", "executor", "funcModule", "df", "captureLogs", "onError"];
  const read = readOptions("prepBatch", options, NAMES, (key) =>
    notHere.includes(key) ? ` (prepBatch writes files here, with run()'s serial executor; ${key} is not for it)` : "",
  );
  const o = read.raw;
  const templateMode =
    read.oneOf(
      "templateMode",
      ["string", "jinja"] as const,
      '"string" ($name placeholders, Python\'s string.Template) or "jinja" ({{ name }})',
    ) ?? "string";
  const databaseBasename = read.fileName("databaseBasename", "database.arrow");
  const passThrough: CheckedBatchOptions["passThrough"] = {};
  if (o.lockTimeout !== undefined) passThrough.lockTimeout = o.lockTimeout as number;
  if (o.progress !== undefined) passThrough.progress = o.progress as boolean;
  if (o.verbose !== undefined) passThrough.verbose = o.verbose as boolean | readonly string[];
  return {
    calcTemplDir: read.path("calcTemplDir", "templates/calc"),
    machineTemplDir: read.path("machineTemplDir", "templates/machines"),
    writePset: read.bool("writePset", false),
    templateMode,
    calcDir: read.path("calcDir", "calc"),
    databaseBasename,
    simulate: read.bool("simulate", false),
    backup: read.bool("backup", false),
    skipDups: read.bool("skipDups", false),
    save: read.bool("save", true),
    git: read.bool("git", false),
    passThrough,
  };
}
