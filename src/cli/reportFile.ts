// Writing a report or figure file: never over a file psweep did not make.

import type { Runtime } from "../runtime.js";
import { basename, dirname, joinPath } from "../util/path.js";
import { CliError } from "./errors.js";
import { statOf } from "./files.js";

/**
 * Writes `data` to `path` through a temporary file and a rename. An
 * existing file is replaced only when `ours(its text)` says psweep made it
 * (an earlier report or figure); anything else is an error.
 */
export async function writeOutput(
  runtime: Runtime,
  path: string,
  data: string | Uint8Array,
  ours: (existing: Uint8Array) => boolean,
): Promise<void> {
  if (path === "") throw new CliError("-o is empty; give a file name"); // callers check first, with an example
  const info = await statOf(runtime, path);
  if (info?.kind === "directory")
    throw new CliError(`${path} is a directory; give a file name, e.g. ${joinPath(path, "report.html")}`);
  if (info !== undefined && !ours(await runtime.fs.readFile(path))) {
    throw new CliError(`${path} exists and was not written by psweep; remove it or give another file with -o`);
  }
  if ((await statOf(runtime, dirname(path))) === undefined)
    throw new CliError(`cannot write ${path}: no directory ${dirname(path)}`);
  const temporary = joinPath(dirname(path), `.${basename(path)}.psweep-tmp`);
  try {
    await runtime.fs.writeFile(temporary, data);
    await runtime.fs.rename(temporary, path);
  } catch (error) {
    await runtime.fs.remove(temporary); // a full disk leaves no half-written temporary behind
    throw error;
  }
}

/** The -o of a command, refused when empty (it would name no file), with an example of a good one. */
export function outputOption(path: string, example: string): string {
  if (path === "") throw new CliError(`-o is empty; give a file name, e.g. ${example}`);
  return path;
}

const decoder = new TextDecoder();

/** Whether a file starts like a text psweep writes: its HTML report, or an SVG/PNG figure. */
export const isPsweepReport = (bytes: Uint8Array): boolean =>
  decoder.decode(bytes.subarray(0, 600)).includes('<meta name="generator" content="psweep report">');
