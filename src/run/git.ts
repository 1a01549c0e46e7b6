// git: true, for run() and prepBatch(). Checked before anything happens;
// committed after the run.

import { PsweepError } from "../errors.js";
import type { Runtime } from "../runtime.js";
import { basename } from "../util/path.js";

/** With git: true, the repository around the working directory, when it is clean; else why not. */
export async function gitReady(runtime: Runtime, caller = "run"): Promise<string> {
  const cwd = runtime.cwd();
  const root = await runtime.git.root(cwd);
  if (root === undefined) {
    throw new PsweepError(
      `${caller}: git: true, but ${cwd} is not in a git repository; create one (git init, then commit), or leave out git. Nothing was done`,
    );
  }
  const changes = await runtime.git.changes(root);
  if (changes.length > 0) {
    const shown = changes.slice(0, 5).join(", ") + (changes.length > 5 ? `, and ${changes.length - 5} more` : "");
    throw new PsweepError(
      `${caller}: git: true, but the repository at ${root} has uncommitted changes (${shown}); commit or stash them first, ` +
        "so that the run's commit holds the run only. Nothing was done",
    );
  }
  await runtime.git.check(root);
  return root;
}

/** Commits everything the run changed, when it changed anything. */
export async function gitCommit(runtime: Runtime, root: string, runId: string): Promise<void> {
  if ((await runtime.git.changes(root)).length === 0) return;
  await runtime.git.commitAll(root, `psweep: ${basename(runtime.cwd())}: run_id=${runId}`);
}
