// git for prepBatch: the same rules and commit message as run({git: true})
// (SPEC §7), done here rather than by run() because the run scripts are
// written after run() returns and belong in the same commit.

import { PsweepError } from "../errors.js";
import type { Runtime } from "../runtime.js";
import { basename } from "../util/path.js";

/** The repository around the working directory, when it is clean; else an error saying why not. */
export async function gitReady(runtime: Runtime): Promise<string> {
  const cwd = runtime.cwd();
  const root = await runtime.git.root(cwd);
  if (root === undefined) {
    throw new PsweepError(`prepBatch: git: true, but ${cwd} is not in a git repository; create one (git init, then commit), or leave out git. Nothing was written`);
  }
  const changes = await runtime.git.changes(root);
  if (changes.length > 0) {
    const shown = changes.slice(0, 5).join(", ") + (changes.length > 5 ? `, and ${changes.length - 5} more` : "");
    throw new PsweepError(
      `prepBatch: git: true, but the repository at ${root} has uncommitted changes (${shown}); commit or stash them first, ` +
        "so that the commit holds this batch only. Nothing was written",
    );
  }
  return root;
}

/** Commits everything that changed, when anything did, as run() does. */
export async function gitCommit(runtime: Runtime, root: string, runId: string): Promise<void> {
  if ((await runtime.git.changes(root)).length === 0) return;
  await runtime.git.commitAll(root, `psweep: ${basename(runtime.cwd())}: run_id=${runId}`);
}
