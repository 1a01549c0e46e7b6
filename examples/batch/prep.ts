// Batch templates: one folder per pset from templates/calc, a jobscript per
// machine, calc/run_<machine>.sh to submit them (SLURM arrays for "cluster").
//   npx tsx examples/batch/prep.ts [simulate] [git]
//   sh calc/batch/run_local.sh             runs the jobs here
//   cd calc/batch && sbatch array_cluster.sh   on a SLURM cluster
import { dfPrint, pgrid, plist, prepBatch } from "psweep";

const templates = new URL("./templates/", import.meta.url).pathname;
const df = await prepBatch(pgrid(plist("alpha", [1, 2, 3]), plist("method", ["fast"])), {
  calcDir: "calc/batch",
  calcTemplDir: `${templates}calc`,
  machineTemplDir: `${templates}machines`,
  writePset: true,
  simulate: process.argv.includes("simulate"),
  git: process.argv.includes("git"),
});
dfPrint(df, { cols: ["alpha", "method", "_pset_id"] });
