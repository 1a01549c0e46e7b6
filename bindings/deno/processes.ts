import type { Processes } from "../../src/runtime.js";
import { decode, drain } from "../shared/childOutput.js";
import { isAlive } from "../shared/isAlive.js";
import type { DenoNamespace } from "./deno.js";

declare const Deno: DenoNamespace;

export const denoProcesses: Processes = {
  pid: Deno.pid,
  isAlive,
  async exec(command, options = {}) {
    const child = new Deno.Command("sh", {
      args: ["-c", command],
      cwd: options.cwd,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const chunks: Uint8Array[] = [];
    const [, , status] = await Promise.all([drain(child.stdout, chunks), drain(child.stderr, chunks), child.status]);
    // status.code is already 128 + n for a process killed by signal n.
    return { status: status.code, output: decode(chunks) };
  },
};
