import type { FileSystem } from "../runtime.js";
import { dirname } from "./path.js";

/**
 * Replaces `path` with `bytes` so that a crash at any moment leaves either
 * the old file or the new one: write `${path}.tmp`, sync it, rename it over
 * `path`, sync the directory. The temporary file is removed on failure.
 */
export async function writeFileAtomically(fs: FileSystem, path: string, bytes: Uint8Array): Promise<void> {
  const temporary = `${path}.tmp`;
  try {
    await fs.remove(temporary);
    const handle = await fs.open(temporary);
    try {
      handle.writeAt(bytes, 0);
      await handle.sync();
    } finally {
      handle.close();
    }
    await fs.rename(temporary, path);
  } catch (error) {
    await fs.remove(temporary).catch(() => undefined);
    throw error;
  }
  await fs.syncDir(dirname(path));
}
