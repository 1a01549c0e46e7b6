// Which func modules a distributed worker may import. A job names its func
// module, and anyone who can write to the Redis server can write a job: so
// the worker's owner decides, not the job. Allowed are file modules inside
// the folders (or equal to the files) the owner named, compared after every
// symlink is followed, and the worker imports the resolved path it checked.

import { PsweepError, describe } from "../errors.js";
import type { Runtime } from "../runtime.js";
import { realPath } from "../util/realPath.js";
import { resolvePath } from "../util/path.js";
import { PsweepJobRefusedError } from "./errors.js";

export interface ModuleGate {
  /** The resolved file: URL to import for `module`; throws PsweepJobRefusedError when the owner did not allow it. */
  admit(module: string): Promise<string>;
  /** The allowed folders and files, resolved (for the worker's first line). */
  readonly allowed: readonly string[];
}

/**
 * `allow`: folders and files (absolute or relative to the working
 * directory); default: the working directory.
 */
export async function moduleGate(
  runtime: Runtime,
  allow: readonly string[] | undefined,
  who: string,
): Promise<ModuleGate> {
  if (
    allow !== undefined &&
    (!Array.isArray(allow) || allow.some((entry) => typeof entry !== "string" || entry === ""))
  ) {
    throw new PsweepError(`${who}: allow must be an array of folder or file paths, got ${describe(allow)}`);
  }
  const folders: string[] = [];
  const files: string[] = [];
  for (const entry of allow ?? [runtime.cwd()]) {
    const path = await realPath(runtime.fs, resolvePath(runtime.cwd(), entry));
    if (path === null)
      throw new PsweepError(
        `${who}: allowed path ${JSON.stringify(entry)} does not exist; name existing folders or files of func modules`,
      );
    const info = await runtime.fs.stat(path);
    (info?.kind === "directory" ? folders : files).push(path);
  }
  // Admitted modules, so that a chunk does not cost a stat per path component. A module once imported stays
  // what Node loaded, so a link changed later changes nothing either way; refusals are not kept (an attacker's
  // endless distinct names cost them, not memory here).
  const admitted = new Map<string, string>();
  return {
    allowed: [...folders.map((f) => `${f}/`), ...files],
    async admit(module) {
      const known = admitted.get(module);
      if (known !== undefined) return known;
      const url = await check(module);
      if (admitted.size < 1000) admitted.set(module, url);
      return url;
    },
  };
  async function check(module: string): Promise<string> {
    const path = filePath(module);
    const real = await realPath(runtime.fs, path);
    if (real === null) throw refuse(module, "no such file on this worker");
    const inside =
      files.includes(real) || folders.some((folder) => real.startsWith(folder === "/" ? "/" : `${folder}/`));
    if (!inside) {
      throw refuse(
        module,
        `${real} is outside the folders and files this worker allows (${[...folders, ...files].join(", ")}); ` +
          "start the worker in the study's folder or name its folder with --allow (startWorker: allow)",
      );
    }
    return `file://${encodeURI(real).replace(/[?#]/g, encodeURIComponent)}`;
  }
}

/** The absolute path of a file: URL without host, query or fragment; anything else is refused. */
function filePath(module: string): string {
  let url: URL;
  try {
    url = new URL(module);
  } catch {
    throw refuse(module, "not a URL (a bare package name?); workers load func only from file: URLs of allowed files");
  }
  if (url.protocol !== "file:") {
    throw refuse(
      module,
      `a ${url.protocol} module; workers load func only from file: URLs of allowed files, never data:, http(s): or node: modules`,
    );
  }
  if (url.host !== "" || url.search !== "" || url.hash !== "")
    throw refuse(module, "a file: URL with a host, query or fragment");
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    throw refuse(module, "a file: URL that does not decode");
  }
  if (path.includes("\0")) throw refuse(module, "a file: URL with a NUL character");
  return path;
}

function refuse(module: string, why: string): PsweepJobRefusedError {
  return new PsweepJobRefusedError(`refused to load func module ${describe(module)}: ${why}`);
}
