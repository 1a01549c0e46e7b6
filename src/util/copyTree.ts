import type { FileSystem } from "../runtime.js";
import { joinPath } from "./path.js";

/** Copies a directory tree; symlinks are copied as symlinks. `skip(path)` leaves paths out. */
export async function copyTree(
  fs: FileSystem,
  from: string,
  to: string,
  skip: (path: string) => boolean = () => false,
): Promise<void> {
  await fs.mkdir(to);
  for (const name of await fs.readDir(from)) {
    const source = joinPath(from, name);
    const target = joinPath(to, name);
    if (skip(source)) continue;
    const info = await fs.stat(source);
    if (info?.kind === "directory") await copyTree(fs, source, target, skip);
    else if (info?.kind === "symlink") await fs.symlink(await fs.readLink(source), target);
    else if (info?.kind === "file") await fs.copyFile(source, target);
  }
}
