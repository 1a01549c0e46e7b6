// What is at a path a command was given, as the shell sees it: symlinks
// followed (the runtime's stat describes the link itself).

import type { FileInfo, Runtime } from "../runtime.js";
import { realPath } from "../util/realPath.js";

/** What is at `path`, or undefined when nothing (or a path through a file, or one we may not look at). */
export async function statOf(runtime: Runtime, path: string): Promise<FileInfo | undefined> {
  try {
    const info = await runtime.fs.stat(path);
    if (info === null) return undefined;
    if (info.kind !== "symlink") return info;
    // Not normalized first: realPath takes a ".." after a link as the kernel does.
    const target = await realPath(runtime.fs, path.startsWith("/") ? path : `${runtime.cwd()}/${path}`);
    return target === null ? undefined : ((await runtime.fs.stat(target)) ?? undefined);
  } catch {
    return undefined;
  }
}
