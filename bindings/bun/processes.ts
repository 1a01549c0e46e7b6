import { constants } from "node:os";
import type { Processes } from "../../src/runtime.js";
import { decode, drain } from "../shared/childOutput.js";
import { isAlive } from "../shared/isAlive.js";
import type { BunGlobal } from "./bun.js";

declare const Bun: BunGlobal;

export const bunProcesses: Processes = {
  pid: process.pid,
  isAlive,
  async exec(command, options = {}) {
    const child = Bun.spawn(["sh", "-c", command], {
      cwd: options.cwd,
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    const chunks: Uint8Array[] = [];
    await Promise.all([drain(child.stdout, chunks), drain(child.stderr, chunks), child.exited]);
    const signal = child.signalCode as keyof typeof constants.signals | null;
    const status = child.exitCode ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
    return { status, output: decode(chunks) };
  },
};
