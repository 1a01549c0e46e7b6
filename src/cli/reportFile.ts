// Writing a report or figure file: never over a file psweep did not make.

import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, basename } from "node:path";
import { statOf } from "./database.js";
import { CliError } from "./errors.js";

/**
 * Writes `data` to `path` through a temporary file and a rename. An
 * existing file is replaced only when `ours(its text)` says psweep made it
 * (an earlier report or figure); anything else is an error.
 */
export function writeOutput(path: string, data: string | Uint8Array, ours: (existing: Uint8Array) => boolean): void {
  const info = statOf(path);
  if (info?.isDirectory()) throw new CliError(`${path} is a directory; give a file name, e.g. ${join(path, "report.html")}`);
  if (info !== undefined && !ours(readFileSync(path))) {
    throw new CliError(`${path} exists and was not written by psweep; remove it or give another file with -o`);
  }
  if (!existsSync(dirname(path) || ".")) throw new CliError(`cannot write ${path}: no directory ${dirname(path)}`);
  const temporary = join(dirname(path), `.${basename(path)}.psweep-tmp`);
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}

const decoder = new TextDecoder();

/** Whether a file starts like a text psweep writes: its HTML report, or an SVG/PNG figure. */
export const isPsweepReport = (bytes: Uint8Array): boolean => decoder.decode(bytes.subarray(0, 600)).includes('<meta name="generator" content="psweep report">');
