// Small file and shell helpers, bound to a runtime by createPsweep.

import { PsweepError } from "../errors.js";
import type { Runtime } from "../runtime.js";
import { dirname } from "./path.js";

const decoder = new TextDecoder();

/** Writes text to a file, creating its parent folders. */
export async function fileWrite(runtime: Runtime, path: string, text: string): Promise<void> {
  await runtime.fs.mkdir(dirname(path));
  await runtime.fs.writeFile(path, text);
}

export async function fileRead(runtime: Runtime, path: string): Promise<string> {
  return decoder.decode(await runtime.fs.readFile(path));
}

/** Writes a value as indented JSON, creating parent folders. */
export async function jsonWrite(runtime: Runtime, path: string, value: unknown): Promise<void> {
  await fileWrite(runtime, path, `${JSON.stringify(value, null, 2)}\n`);
}

export async function jsonRead(runtime: Runtime, path: string): Promise<unknown> {
  const text = await fileRead(runtime, path);
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
  const { status, output } = await runtime.process.exec(command, options);
  if (status !== 0) throw new PsweepSystemError(command, status, output);
  return output;
}
