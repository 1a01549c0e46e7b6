// The real path of a file, symlinks followed, with the FileSystem of the
// runtime (src/ cannot import node:fs): what a path names after every link.

import type { FileSystem } from "../runtime.js";
import { dirname } from "./path.js";

/** Links followed before giving up (as the kernel's ELOOP limit). */
const MAX_LINKS = 40;

/** The absolute path `path` names with every symlink resolved; null when it, or a link on the way, leads nowhere. */
export async function realPath(fs: FileSystem, path: string): Promise<string | null> {
  if (!path.startsWith("/")) throw new Error(`realPath needs an absolute path, got ${path}`);
  let links = 0;
  let done = "/";
  let rest = path.split("/").filter((part) => part !== "" && part !== ".");
  while (rest.length > 0) {
    const part = rest.shift()!;
    if (part === "..") {
      done = dirname(done);
      continue;
    }
    const next = done === "/" ? `/${part}` : `${done}/${part}`;
    const info = await fs.stat(next);
    if (info === null) return null;
    if (info.kind !== "symlink") {
      done = next;
      continue;
    }
    if (++links > MAX_LINKS) return null;
    const target = await fs.readLink(next);
    // the link's target replaces it, relative to the folder holding the link
    const parts = target.split("/").filter((p) => p !== "" && p !== ".");
    if (target.startsWith("/")) done = "/";
    rest = [...parts, ...rest];
  }
  return done;
}
