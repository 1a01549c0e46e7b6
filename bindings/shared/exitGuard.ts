// In a pool worker, process.exit() from func would end the worker thread
// without an error event, and tinypool would wait for its task forever. So a
// worker turns it into an error of the pset that called it. Used by the pool
// workers of node, bun and deno: all three have a Node-style process.exit
// (Deno's worker also guards its own Deno.exit with WorkerExitError).

export class WorkerExitError extends Error {
  constructor(
    readonly code: number | string | undefined,
    via = "process.exit",
  ) {
    super(`func called ${via}(${code ?? ""}) in a pool worker; the pset failed and the worker lives on`);
    this.name = "WorkerExitError";
  }
}

export function guardProcessExit(): void {
  process.exit = ((code?: number | string) => {
    throw new WorkerExitError(code);
  }) as typeof process.exit;
}
