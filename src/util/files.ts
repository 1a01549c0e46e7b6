// Small file and shell helpers, bound to a runtime by createPsweep.

import { PsweepError, describe } from "../errors.js";
import type { Runtime } from "../runtime.js";
import { dirname } from "./path.js";

const decoder = new TextDecoder();

/** Writes text to a file, creating its parent folders. */
export async function fileWrite(runtime: Runtime, path: string, text: string): Promise<void> {
  await runtime.fs.mkdir(dirname(path));
  await runtime.fs.writeFile(path, text);
}

export async function fileRead(runtime: Runtime, path: string): Promise<string> {
  return readText(runtime, path, "fileRead");
}

async function readText(runtime: Runtime, path: string, caller: string): Promise<string> {
  const info = await runtime.fs.stat(path);
  if (info === null || info.kind === "directory") {
    throw new PsweepError(
      `${caller}: ${info === null ? "no file at" : "a directory, not a file, at"} ${path}; give the path of a file to read`,
    );
  }
  return decoder.decode(await runtime.fs.readFile(path));
}

/** Writes a value as indented JSON, creating parent folders. A value JSON cannot hold writes nothing. */
export async function jsonWrite(runtime: Runtime, path: string, value: unknown): Promise<void> {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, null, 2) as string | undefined;
  } catch (error) {
    // a bigint, or an object that contains itself
    throw new PsweepError(
      `jsonWrite: cannot write ${describe(value)} to ${path} as JSON: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (text === undefined)
    throw new PsweepError(
      `jsonWrite: ${describe(value)} has no JSON form; give a value like {a: 1}, [1, 2], a string, number, boolean or null (nothing written to ${path})`,
    );
  await fileWrite(runtime, path, `${text}\n`);
}

export async function jsonRead(runtime: Runtime, path: string): Promise<unknown> {
  const text = await readText(runtime, path, "jsonRead");
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new PsweepError(`jsonRead: ${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** A shell command failed; `status` and `output` say how. */
export class PsweepSystemError extends PsweepError {
  constructor(
    readonly command: string,
    readonly status: number,
    readonly output: string,
  ) {
    super(`command failed with exit status ${status}: ${command}\n${output}`);
  }
}

/** Runs `command` with sh; returns its output (stdout and stderr, in order), or throws PsweepSystemError. */
export async function system(runtime: Runtime, command: string, options: { cwd?: string } = {}): Promise<string> {
  // Checked here: a missing cwd would otherwise fail as "spawn sh ENOENT", as if sh were missing.
  const cwd = options.cwd === undefined ? undefined : await runtime.fs.stat(options.cwd);
  if (cwd !== undefined && cwd?.kind !== "directory" && cwd?.kind !== "symlink") {
    throw new PsweepError(
      `system: cwd ${JSON.stringify(options.cwd)} is not a directory; give an existing directory to run ${JSON.stringify(command)} in`,
    );
  }
  const { status, output } = await runtime.process.exec(command, options);
  if (status !== 0) throw new PsweepSystemError(command, status, output);
  return output;
}
