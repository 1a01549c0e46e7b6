// The submit scripts prepBatch writes into calcDir after the run:
//
// run_<m>.sh (SPEC §8, byte for byte as Python psweep writes it):
//
//   #!/bin/sh
//
//   here=$(readlink -f $(dirname $0))
//
//   # cd $here/<id of an earlier run>; sbatch jobscript_cluster  # run_seq=0 pset_seq=0
//   cd $here/<id>; sbatch jobscript_cluster  # run_seq=1 pset_seq=1
//
// One line per pset this call prepared; the lines of the previous
// run_<m>.sh are kept, commented out with "# " (lines already commented stay
// as they are). So `sh run_<m>.sh` submits exactly the psets of the latest
// prepBatch, and the file's history shows what was submitted before.
//
// array_<m>.sh and array_<m>_run_seq_<r>.txt (machines with slurm_array in
// their info.yaml): one SLURM job array over the psets of this call, see
// arrayScript below.

export const RUN_SCRIPT_HEADER = "#!/bin/sh\n\nhere=$(readlink -f $(dirname $0))\n\n";
const HERE_LINE = "here=$(readlink -f $(dirname $0))";

export interface PreparedPset {
  readonly id: string;
  readonly runSeq: number;
  readonly psetSeq: number;
}

export function runScriptLine(pset: PreparedPset, subcmd: string, machine: string): string {
  return `cd $here/${pset.id}; ${subcmd} jobscript_${machine}  # run_seq=${pset.runSeq} pset_seq=${pset.psetSeq}`;
}

/**
 * run_<m>.sh for the psets of this call, after the lines of `previous` (the
 * old run_<m>.sh, or undefined), which are commented out.
 */
export function runScript(previous: string | undefined, lines: readonly string[]): string {
  const all = [...earlierLines(previous ?? ""), ...lines];
  return all.length === 0 ? RUN_SCRIPT_HEADER : `${RUN_SCRIPT_HEADER}${all.join("\n")}\n`;
}

/** The body lines of an old run script, each commented out once. */
function earlierLines(text: string): string[] {
  const lines = text.split("\n").map((line) => line.replace(/\r$/, ""));
  // The header (as written, or as an older version wrote it): shebang, here=, blank lines.
  let start = 0;
  while (start < lines.length && (lines[start] === "" || lines[start] === "#!/bin/sh" || lines[start] === HERE_LINE))
    start++;
  return lines
    .slice(start)
    .filter((line) => line.trim() !== "")
    .map((line) => (line.startsWith("#") ? line : `# ${line}`));
}

export function arrayListName(machine: string, runSeq: number): string {
  return `array_${machine}_run_seq_${runSeq}.txt`;
}

export function arrayScriptName(machine: string): string {
  return `array_${machine}.sh`;
}

/**
 * A SLURM job array over `psets` (this call's psets, in order): task i runs
 * the machine's jobscript in the folder named on line i+1 of the list file.
 * The list file is per run (array_<m>_run_seq_<r>.txt), so a new prepBatch
 * never changes what an array submitted earlier (and still queued) runs.
 *
 * Submitted from calcDir (`cd calc && sbatch array_cluster.sh`), the folder
 * is found through SLURM_SUBMIT_DIR (sbatch runs a copy of the script);
 * run with sh, through the script's own path. The jobscript's own #SBATCH
 * lines do not apply to array tasks: SLURM reads only this script's, so the
 * array job's options come from info.yaml (slurm_array.sbatch).
 */
export function arrayScript(
  machine: string,
  interpreter: string,
  settings: { maxRunning: number | undefined; sbatch: readonly string[] },
  psets: readonly PreparedPset[],
): string {
  const self = arrayScriptName(machine);
  if (psets.length === 0) {
    return (
      "#!/bin/sh\n" +
      `# SLURM job array written by psweep prepBatch: the latest prepBatch prepared no psets, so there is nothing to run.\n` +
      `echo "${self}: the latest prepBatch prepared no psets; nothing to run" >&2\n` +
      "exit 1\n"
    );
  }
  const runSeq = psets[0]!.runSeq;
  const list = arrayListName(machine, runSeq);
  const last = psets.length - 1;
  const throttle = settings.maxRunning === undefined ? "" : `%${settings.maxRunning}`;
  return [
    "#!/bin/sh",
    `#SBATCH --array=0-${last}${throttle}`,
    ...settings.sbatch.map((option) => `#SBATCH ${option}`),
    "",
    `# SLURM job array written by psweep prepBatch: one task per pset of run_seq=${runSeq}`,
    `# (${psets.length} pset${psets.length === 1 ? "" : "s"}). Submit it from this folder: sbatch ${self}`,
    `# Task i runs jobscript_${machine} in the pset folder named on line i+1 of ${list}.`,
    "",
    "here=${SLURM_SUBMIT_DIR:-$(readlink -f $(dirname $0))}",
    `ids="$here/${list}"`,
    'if [ -z "$SLURM_ARRAY_TASK_ID" ]; then',
    `    echo "${self}: SLURM_ARRAY_TASK_ID is not set; submit with: sbatch ${self}" >&2`,
    "    exit 1",
    "fi",
    'if [ ! -f "$ids" ]; then',
    `    echo "${self}: no file $ids; submit from the folder holding ${self}: cd <calcDir> && sbatch ${self}" >&2`,
    "    exit 1",
    "fi",
    'id=$(sed -n "$((SLURM_ARRAY_TASK_ID + 1))p" "$ids")',
    'if [ -z "$id" ]; then',
    `    echo "${self}: no pset for task $SLURM_ARRAY_TASK_ID in $ids (tasks are 0-${last})" >&2`,
    "    exit 1",
    "fi",
    `cd "$here/$id" && exec ${interpreter} jobscript_${machine}`,
    "",
  ].join("\n");
}

/** The list file of an array: one pset id per line. */
export function arrayList(psets: readonly PreparedPset[]): string {
  return psets.map((pset) => `${pset.id}\n`).join("");
}
