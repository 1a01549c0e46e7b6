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
  const info = await statOf(runtime, path);
  if (info?.kind === "directory")
    throw new CliError(`${path} is a directory; give a file name, e.g. ${joinPath(path, "report.html")}`);
  if (info !== undefined && !ours(await runtime.fs.readFile(path))) {
    throw new CliError(`${path} exists and was not written by psweep; remove it or give another file with -o`);
  }
  if ((await statOf(runtime, dirname(path))) === undefined)
    throw new CliError(`cannot write ${path}: no directory ${dirname(path)}`);
  const temporary = joinPath(dirname(path), `.${basename(path)}.psweep-tmp`);
  await runtime.fs.writeFile(temporary, data);
  await runtime.fs.rename(temporary, path);
}

const decoder = new TextDecoder();

/** Whether a file starts like a text psweep writes: its HTML report, or an SVG/PNG figure. */
export const isPsweepReport = (bytes: Uint8Array): boolean =>
  decoder.decode(bytes.subarray(0, 600)).includes('<meta name="generator" content="psweep report">');
