// prepBatch(params, options): for clusters and for programs with no
// JavaScript interface (SPEC §8). Per pset, through run():
//
//   <calcDir>/<_pset_id>/<name>             every file below calcTemplDir, filled
//   <calcDir>/<_pset_id>/jobscript_<m>      each machine's jobscript, filled
//   <calcDir>/<_pset_id>/pset.json          with writePset: true
//
// and after the run, per machine:
//
//   <calcDir>/run_<m>.sh                    submits this call's psets (scripts.ts)
//   <calcDir>/array_<m>.sh                  machines with slurm_array in info.yaml:
//   <calcDir>/array_<m>_run_seq_<r>.txt     one SLURM job array over this call's psets
//
// Order of work, so that a bad template leaves every file as it was:
//
//   1. options, params, every template read and parsed, every template
//      checked against every pset (book-keeping fields included)
//   2. git: refuse outside a repository or with uncommitted changes
//   3. simulate: <calcDir>.simulate/ recreated with a copy of the database
//   4. run(): func fills and writes each pset's files; the database records them
//   5. run scripts; git commit (the run scripts belong in the commit, so git
//      is done here and not by run())
//
// SLURM job arrays: a machine whose info.yaml has `slurm_array: true` (or
// `slurm_array: {max_running: 50, sbatch: ["--time=01:00:00"]}`) also gets
// array_<m>.sh, one job array over this call's psets (`#SBATCH
// --array=0-N%M`, M = max_running), whose task i runs jobscript_<m> in the
// folder on line i+1 of array_<m>_run_seq_<r>.txt. Use it for many psets
// (schedulers cap queued jobs, and one array is one submission, throttled by
// %M); use run_<m>.sh (one sbatch per pset) when psets need their own
// #SBATCH settings (a time limit from a parameter, say: array tasks all get
// the array's options from info.yaml, the jobscript's #SBATCH lines do not
// apply), or for machines without SLURM.
//
// Unlike run(), simulate here calls func: the point of simulating a batch is
// to look at the files it would write, in <calcDir>.simulate/. Python
// psweep's prep_batch says the same of its simulate.

import type { Table } from "apache-arrow";
import { PsweepError } from "../errors.js";
import { readDatabaseFile } from "../database/store.js";
import type { Runtime } from "../runtime.js";
import type { Pset } from "../types.js";
import type { BookKeeping } from "../run/task.js";
import { checkRunOptions } from "../run/options.js";
import { prepareSimulateDir } from "../run/prepare.js";
import { run } from "../run/run.js";
import { fileWrite, jsonWrite } from "../util/files.js";
import { joinPath } from "../util/path.js";
import { randomUuid } from "../util/randomUuids.js";
import { assignOwn } from "../util/ownKeys.js";
import { gitCommit, gitReady } from "../run/git.js";
import { hashParams } from "../run/plan.js";
import { TemplateLoader, type CalcTemplate, type Machine } from "./load.js";
import { checkBatchOptions, type PrepBatchOptions } from "./options.js";
import {
  arrayList,
  arrayListName,
  arrayScript,
  arrayScriptName,
  runScript,
  runScriptLine,
  type PreparedPset,
} from "./scripts.js";
import type { Fields } from "./template.js";

export async function prepBatch<P extends object>(
  runtime: Runtime,
  params: readonly P[],
  options: PrepBatchOptions = {},
): Promise<Table> {
  // 1. Everything that can be wrong, before anything is written.
  const opts = checkBatchOptions(options);
  checkRunOptions(opts.passThrough);
  hashParams(params as readonly Pset[], "prepBatch"); // run() checks them too, but only after simulate made its folder
  const loader = new TemplateLoader(runtime, opts.templateMode);
  const calcTemplates = await loader.calcTemplates(opts.calcTemplDir);
  const machines = await loader.machines(opts.machineTemplDir);
  checkTargetNames(calcTemplates, machines, opts.writePset, opts.calcTemplDir);
  checkTemplates(runtime, params as readonly Pset[], calcTemplates, machines, opts.calcDir);

  // 2. and 3.
  const repo = opts.git ? await gitReady(runtime, "prepBatch") : undefined;
  const database = joinPath(opts.calcDir, opts.databaseBasename);
  let calcDir = opts.calcDir;
  let df: Table | undefined;
  if (opts.simulate) {
    const real = await readDatabaseFile(runtime, database);
    calcDir = await prepareSimulateDir(runtime, opts.calcDir, opts.databaseBasename, real);
    if (!opts.save) df = real ?? undefined;
  } else if (!opts.save) {
    // run() with save: false starts from an empty database; this one continues the sequence numbers.
    df = (await readDatabaseFile(runtime, database)) ?? undefined;
  }

  // 4.
  const prepared: Array<PreparedPset & { runId: string }> = [];
  const func = async (pset: Record<string, unknown> & BookKeeping): Promise<object> => {
    const dir = joinPath(calcDir, pset._pset_id);
    for (const { name, template } of calcTemplates) await fileWrite(runtime, joinPath(dir, name), template.fill(pset));
    for (const machine of machines)
      await fileWrite(runtime, joinPath(dir, `jobscript_${machine.name}`), machine.jobscript.fill(pset));
    if (opts.writePset) await jsonWrite(runtime, joinPath(dir, "pset.json"), pset);
    prepared.push({ id: pset._pset_id, runSeq: pset._run_seq, psetSeq: pset._pset_seq, runId: pset._run_id });
    return {};
  };
  let table: Table | undefined;
  let failure: unknown;
  try {
    table = await run(runtime, func, params, {
      calcDir,
      databaseBasename: opts.databaseBasename,
      save: opts.save,
      df,
      skipDups: opts.skipDups,
      backup: opts.backup && !opts.simulate,
      ...opts.passThrough,
    });
  } catch (error) {
    failure = error;
  }

  // 5. Also after a failure: the psets whose files were written are in the database, and in the run scripts.
  prepared.sort((a, b) => a.psetSeq - b.psetSeq);
  if (table !== undefined || prepared.length > 0)
    await writeScripts(runtime, machines, prepared, calcDir, opts.calcDir);
  if (repo !== undefined) await gitCommit(runtime, repo, prepared[0]?.runId ?? randomUuid());
  if (failure !== undefined) throw failure;
  return table!;
}

async function writeScripts(
  runtime: Runtime,
  machines: readonly Machine[],
  prepared: readonly PreparedPset[],
  calcDir: string,
  realCalcDir: string,
): Promise<void> {
  for (const machine of machines) {
    // Simulating, the earlier lines come from the real calcDir: the script is what the real run would write.
    const previousPath = joinPath(realCalcDir, `run_${machine.name}.sh`);
    const previous =
      (await runtime.fs.stat(previousPath)) === null
        ? undefined
        : new TextDecoder().decode(await runtime.fs.readFile(previousPath));
    const lines = prepared.map((pset) => runScriptLine(pset, machine.subcmd, machine.name));
    await fileWrite(runtime, joinPath(calcDir, `run_${machine.name}.sh`), runScript(previous, lines));
    if (machine.slurmArray === undefined) continue;
    if (prepared.length > 0)
      await fileWrite(
        runtime,
        joinPath(calcDir, arrayListName(machine.name, prepared[0]!.runSeq)),
        arrayList(prepared),
      );
    await fileWrite(
      runtime,
      joinPath(calcDir, arrayScriptName(machine.name)),
      arrayScript(machine.name, machine.interpreter, machine.slurmArray, prepared),
    );
  }
}

/** Two templates must not write the same file of a pset folder. */
function checkTargetNames(
  calcTemplates: readonly CalcTemplate[],
  machines: readonly Machine[],
  writePset: boolean,
  calcTemplDir: string,
): void {
  const generated = new Map<string, string>(
    machines.map((machine) => [`jobscript_${machine.name}`, `the jobscript of machine ${machine.name}`]),
  );
  if (writePset) generated.set("pset.json", "writePset: true");
  for (const { name, template } of calcTemplates) {
    const other = generated.get(name);
    if (other !== undefined) {
      throw new PsweepError(
        `prepBatch: ${template.path} would be written to the same file of each pset folder as ${other} (${name}); rename it in ${calcTemplDir}. Nothing was written`,
      );
    }
  }
}

/**
 * Every template against every pset, before anything is written. The
 * book-keeping fields get stand-in values of their types (their real values
 * come with run()); string templates need only their names.
 */
function checkTemplates(
  runtime: Runtime,
  params: readonly Pset[],
  calcTemplates: readonly CalcTemplate[],
  machines: readonly Machine[],
  calcDir: string,
): void {
  const templates = [...calcTemplates.map((c) => c.template), ...machines.map((m) => m.jobscript)];
  if (templates.length === 0) return;
  const standIn: BookKeeping = {
    _pset_hash: "0".repeat(40),
    _pset_id: "00000000-0000-4000-8000-000000000000",
    _run_seq: 0,
    _pset_seq: 0,
    _run_id: "00000000-0000-4000-8000-000000000000",
    _calc_dir: calcDir,
    _time_utc: new Date(0),
    _exec_host: runtime.hostname(),
  };
  params.forEach((pset, i) => {
    const fields: Fields = assignOwn({}, pset, standIn);
    const shown = JSON.stringify(pset);
    const where = `params[${i}] ${shown.length > 100 ? `${shown.slice(0, 97)}...` : shown}`;
    for (const template of templates) template.check(fields, where);
  });
}
