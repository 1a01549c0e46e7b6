import { constants } from "node:os";
import type { ExecResult, Processes } from "../../src/runtime.js";
import { builtin } from "../shared/builtin.js";
import { isAlive } from "../shared/isAlive.js";

export const nodeProcesses: Processes = {
  pid: process.pid,
  isAlive,
  exec(command, options = {}) {
    // node:child_process when first used: loading it costs a pool worker ~5-25 ms at start (Node 20).
    const { spawn } = builtin("node:child_process");
    return new Promise<ExecResult>((resolve, reject) => {
      const child = spawn("sh", ["-c", command], { cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
      const chunks: Buffer[] = [];
      child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
      child.stderr.on("data", (chunk: Buffer) => chunks.push(chunk));
      child.on("error", reject);
      child.on("close", (code, signal) => {
        const status = code ?? 128 + (signal ? constants.signals[signal] : 0);
        resolve({ status, output: Buffer.concat(chunks).toString("utf8") });
      });
    });
  },
};
