// The few Bun globals the binding uses (no @types/bun), as types only.

export interface BunSubprocess {
  readonly pid: number;
  readonly stdout: ReadableStream<Uint8Array>;
  readonly stderr: ReadableStream<Uint8Array>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<number>;
  /** Exit code, null while running or when killed by a signal. */
  readonly exitCode: number | null;
  /** Name of the signal that killed the process, e.g. "SIGKILL". */
  readonly signalCode: string | null;
}

export interface BunGlobal {
  spawn(command: string[], options: { cwd?: string; stdin: "ignore"; stdout: "pipe"; stderr: "pipe" }): BunSubprocess;
}
