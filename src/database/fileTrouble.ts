// What the store does when a file or the disk misbehaves: a system error
// becomes a PsweepError that names the file and says what happened in words,
// and a file that cannot be trusted (a journal or log that belongs to another
// database, a damaged log) is set aside, never deleted and never applied.

import { PsweepError } from "../errors.js";
import type { Runtime } from "../runtime.js";

const WORDS: Record<string, string> = {
  ENOSPC: "disk full",
  EDQUOT: "disk quota exceeded",
  EROFS: "read-only file system",
  EIO: "input/output error (a failing disk or network file system)",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EMFILE: "too many open files",
  ENFILE: "too many open files",
};

/** The system error code of `error` ("ENOSPC", ...), if it has one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * `error` (thrown while `doing` something to `path`) as a PsweepError naming
 * both; a PsweepError passes through unchanged. `after` says how to go on.
 */
export function fileError(error: unknown, path: string, doing: string, after = ""): Error {
  if (error instanceof PsweepError) return error;
  const code = errorCode(error);
  const what =
    code === undefined
      ? error instanceof Error
        ? error.message
        : String(error)
      : `${WORDS[code] ?? (error as Error).message} (${code})`;
  return new PsweepError(`${path}: ${what} while ${doing}${after ? `. ${after}` : ""}`, { cause: error });
}

/**
 * Renames `path` out of the way (next to it, with the time in its name) and
 * says so on stderr: `reason` tells why and what was kept of it. Resolves to
 * the new name.
 */
export async function setAside(runtime: Runtime, path: string, reason: string): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  let target = `${path}.set-aside-${stamp}`;
  for (let n = 2; (await runtime.fs.stat(target)) !== null; n++) target = `${path}.set-aside-${stamp}-${n}`;
  await runtime.fs.rename(path, target);
  runtime.stdio.write("stderr", `psweep: ${reason}; set aside as ${target} (delete it when you no longer need it)\n`);
  return target;
}
