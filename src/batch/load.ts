// Reading the templates of prepBatch: every file below calcTemplDir, and per
// machine folder below machineTemplDir its jobscript and info.yaml. Nothing
// here writes; every problem is an error naming the file.

import { importOptional } from "../util/optionalDependency.js";
import type { Environment } from "nunjucks";
import { PsweepError, describe } from "../errors.js";
import { isPlainObject } from "../isPlainObject.js";
import type { Runtime } from "../runtime.js";
import { joinPath } from "../util/path.js";
import { jinjaTemplate, shellQuote, stringTemplate, type Template, type TemplateMode } from "./template.js";

export interface CalcTemplate {
  /** Path below calcTemplDir (and below each pset folder), "/"-separated. */
  readonly name: string;
  readonly template: Template;
}

/** A machine's SLURM job-array settings (info.yaml key slurm_array). */
export interface SlurmArray {
  /** At most this many tasks run at once: the M of --array=0-N%M. */
  readonly maxRunning: number | undefined;
  /** Options written as "#SBATCH <option>" lines at the top of the array jobscript. */
  readonly sbatch: readonly string[];
}

export interface Machine {
  readonly name: string;
  /** The submit command from info.yaml, e.g. "sbatch" or "sh". */
  readonly subcmd: string;
  readonly jobscript: Template;
  /** The interpreter of the jobscript's "#!" line ("sh" without one): array tasks run the jobscript with it. */
  readonly interpreter: string;
  readonly slurmArray: SlurmArray | undefined;
}

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Machine names go into file names and shell lines unquoted. */
const MACHINE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export class TemplateLoader {
  private env: Environment | undefined;
  private nunjucks: typeof import("nunjucks") | undefined;

  constructor(
    private readonly runtime: Runtime,
    private readonly mode: TemplateMode,
  ) {}

  /** Every file below `dir` (subfolders too), sorted by path. */
  async calcTemplates(dir: string): Promise<CalcTemplate[]> {
    await this.requireDir(dir, "calcTemplDir", "the files to fill per pset, e.g. templates/calc/input.txt");
    const out: CalcTemplate[] = [];
    const walk = async (sub: string): Promise<void> => {
      for (const entry of await this.runtime.fs.readDir(joinPath(dir, sub))) {
        const name = sub === "" ? entry : `${sub}/${entry}`;
        const path = joinPath(dir, name);
        if (await this.isDir(path)) await walk(name);
        else out.push({ name, template: await this.template(path) });
      }
    };
    await walk("");
    return out;
  }

  /** One machine per folder of `dir` (entries starting with "." are left out), sorted by name. */
  async machines(dir: string): Promise<Machine[]> {
    await this.requireDir(
      dir,
      "machineTemplDir",
      "one folder per machine holding jobscript and info.yaml, e.g. templates/machines/local/",
    );
    const machines: Machine[] = [];
    for (const name of await this.runtime.fs.readDir(dir)) {
      if (name.startsWith(".")) continue;
      const path = joinPath(dir, name);
      if (!(await this.isDir(path))) {
        throw new PsweepError(
          `prepBatch: ${path} is not a folder; machineTemplDir ${dir} holds one folder per machine (with jobscript and info.yaml), nothing else`,
        );
      }
      if (!MACHINE_NAME.test(name)) {
        throw new PsweepError(
          `prepBatch: machine folder name ${JSON.stringify(name)} (${path}) must consist of letters, digits, "_", "." and "-": it goes into file names and shell lines`,
        );
      }
      machines.push(await this.machine(path, name));
    }
    return machines;
  }

  private async machine(dir: string, name: string): Promise<Machine> {
    const jobscriptPath = joinPath(dir, "jobscript");
    const infoPath = joinPath(dir, "info.yaml");
    for (const [path, what] of [
      [jobscriptPath, "the jobscript template"],
      [infoPath, 'info.yaml with the submit command, e.g. "subcmd: sbatch"'],
    ] as const) {
      const info = await this.runtime.fs.stat(path);
      if (info === null || info.kind === "directory")
        throw new PsweepError(`prepBatch: machine ${name} has no file ${path}; each machine folder holds ${what}`);
    }
    // yaml is loaded here, not with psweep: only prepBatch with machines needs it.
    const { parse: parseYaml } = await import("yaml");
    const info = parseInfo(await this.text(infoPath), infoPath, parseYaml);
    const jobscriptText = await this.text(jobscriptPath);
    return {
      name,
      subcmd: info.subcmd,
      jobscript: await this.template(jobscriptPath, jobscriptText),
      interpreter: interpreterOf(jobscriptText),
      slurmArray: info.slurmArray,
    };
  }

  private async template(path: string, text?: string): Promise<Template> {
    text ??= await this.text(path);
    if (this.mode === "string") return stringTemplate(text, path);
    if (this.nunjucks === undefined || this.env === undefined) {
      // Loaded on first use: only jinja mode needs it.
      this.nunjucks = (
        await importOptional('prepBatch templateMode "jinja"', ["nunjucks"], () => import("nunjucks"))
      ).default;
      this.env = new this.nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true });
      this.env.addFilter("shquote", shellQuote);
    }
    return jinjaTemplate(this.nunjucks, this.env, text, path);
  }

  private async text(path: string): Promise<string> {
    const bytes = await this.runtime.fs.readFile(path);
    try {
      return decoder.decode(bytes);
    } catch (error) {
      throw new PsweepError(
        `prepBatch: ${path} is not UTF-8 text; templates are text files (keep data files elsewhere and point to them from a template)`,
        { cause: error },
      );
    }
  }

  /** A folder, or a symlink to one. */
  private async isDir(path: string): Promise<boolean> {
    const info = await this.runtime.fs.stat(path);
    if (info?.kind === "directory") return true;
    return (
      info?.kind === "symlink" &&
      (await this.runtime.fs.readDir(path).then(
        () => true,
        () => false,
      ))
    );
  }

  private async requireDir(dir: string, option: string, holds: string): Promise<void> {
    if (await this.isDir(dir)) return;
    const info = await this.runtime.fs.stat(dir);
    throw new PsweepError(
      `prepBatch: ${option} ${JSON.stringify(dir)} ${info === null ? "does not exist" : "is not a folder"} (relative paths start at ${this.runtime.cwd()}); it holds ${holds}`,
    );
  }
}

interface Info {
  readonly subcmd: string;
  readonly slurmArray: SlurmArray | undefined;
}

/**
 * info.yaml: `subcmd` (required) is the command that submits a jobscript.
 * `slurm_array` (optional) asks for a SLURM job-array script too: `true`, or
 * a mapping with `max_running` (a positive integer) and `sbatch` (a list of
 * options for the array job). Other keys are allowed and left alone, as
 * Python psweep allows them.
 */
function parseInfo(text: string, path: string, parseYaml: (text: string) => unknown): Info {
  let info: unknown;
  try {
    info = parseYaml(text);
  } catch (error) {
    throw new PsweepError(`prepBatch: ${path} is not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  if (typeof info !== "object" || info === null || !isPlainObject(info)) {
    throw new PsweepError(`prepBatch: ${path} must be a YAML mapping such as "subcmd: sbatch", got ${describe(info)}`);
  }
  const subcmd = (info as Record<string, unknown>).subcmd;
  if (subcmd === undefined || subcmd === null) {
    throw new PsweepError(
      `prepBatch: ${path} has no subcmd; write the command that submits a jobscript on this machine, e.g. "subcmd: sbatch" or "subcmd: sh"`,
    );
  }
  if (typeof subcmd !== "string" || subcmd.trim() === "" || /[\r\n]/.test(subcmd)) {
    throw new PsweepError(
      `prepBatch: ${path}: subcmd must be a one-line command such as "sbatch" or "sh", got ${describe(subcmd)}`,
    );
  }
  return { subcmd, slurmArray: parseSlurmArray((info as Record<string, unknown>).slurm_array, path) };
}

function parseSlurmArray(value: unknown, path: string): SlurmArray | undefined {
  if (value === undefined || value === null || value === false) return undefined;
  if (value === true) return { maxRunning: undefined, sbatch: [] };
  const usage = `slurm_array is true, or a mapping with max_running (tasks running at once, e.g. 50) and sbatch (a list of options such as "--time=01:00:00")`;
  if (typeof value !== "object" || !isPlainObject(value))
    throw new PsweepError(`prepBatch: ${path}: ${usage}; got ${describe(value)}`);
  const settings = value as Record<string, unknown>;
  for (const key of Object.keys(settings)) {
    if (key !== "max_running" && key !== "sbatch")
      throw new PsweepError(`prepBatch: ${path}: unknown key slurm_array.${key}; ${usage}`);
  }
  const maxRunning = settings.max_running;
  if (
    maxRunning !== undefined &&
    maxRunning !== null &&
    !(typeof maxRunning === "number" && Number.isInteger(maxRunning) && maxRunning >= 1)
  ) {
    throw new PsweepError(
      `prepBatch: ${path}: slurm_array.max_running must be a positive integer, got ${describe(maxRunning)}`,
    );
  }
  const sbatch = settings.sbatch ?? [];
  if (
    !Array.isArray(sbatch) ||
    !sbatch.every((option) => typeof option === "string" && option.trim() !== "" && !/[\r\n]/.test(option))
  ) {
    throw new PsweepError(
      `prepBatch: ${path}: slurm_array.sbatch must be a list of one-line options such as ["--time=01:00:00", "--mem=2G"], got ${describe(sbatch)}`,
    );
  }
  return { maxRunning: (maxRunning as number | null | undefined) ?? undefined, sbatch: sbatch as string[] };
}

/** "#!/bin/bash -l" gives "/bin/bash -l"; no "#!" line gives "sh". */
function interpreterOf(jobscript: string): string {
  const first = /^#!\s*(.*?)\s*\r?$/m.exec(jobscript.split("\n", 1)[0]!);
  return first?.[1] ? first[1] : "sh";
}
