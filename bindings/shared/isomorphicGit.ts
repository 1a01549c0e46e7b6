// git through isomorphic-git on node:fs, used by node, bun and deno: all
// three provide node:fs, which is all isomorphic-git needs. Commits are
// ordinary git objects: the git command line sees them.

import type { Git } from "../../src/runtime.js";
import { importOptional } from "../../src/util/optionalDependency.js";
import { builtin } from "./builtin.js";
import { gitIdentity } from "./gitIdentity.js";

type IsomorphicGit = typeof import("isomorphic-git").default;
let loaded: Promise<IsomorphicGit> | undefined;
/** node:fs, taken with isomorphic-git (every method gets it through isomorphic() first). */
let fs: typeof import("node:fs");

/** isomorphic-git, loaded on first use: it costs every process (and pool worker) about 100 ms to load. */
function isomorphic(): Promise<IsomorphicGit> {
  fs ??= builtin("node:fs");
  loaded ??= importOptional("run({git: true})", ["isomorphic-git"], () => import("isomorphic-git")).then(
    (module) => module.default,
  );
  return loaded;
}

const UNCHANGED = "1,1,1";

export const isomorphicGit: Git = {
  async root(dir) {
    const git = await isomorphic();
    try {
      return await git.findRoot({ fs, filepath: dir });
    } catch {
      return undefined;
    }
  },
  async changes(root) {
    const git = await isomorphic();
    const rows = await git.statusMatrix({ fs, dir: root });
    return rows.filter(([, head, workdir, stage]) => `${head},${workdir},${stage}` !== UNCHANGED).map(([path]) => path);
  },
  async commitAll(root, message) {
    const git = await isomorphic();
    for (const [path, , workdir] of await git.statusMatrix({ fs, dir: root })) {
      if (workdir === 0) await git.remove({ fs, dir: root, filepath: path });
      else await git.add({ fs, dir: root, filepath: path });
    }
    return git.commit({
      fs,
      dir: root,
      message,
      author: gitIdentity(root, "author"),
      committer: gitIdentity(root, "committer"),
    });
  },
  async check(root) {
    gitIdentity(root, "author");
    gitIdentity(root, "committer");
  },
};
