// Node's built-in modules, loaded when first used instead of by an import
// at the top: a pool worker, and a program that only imports psweep, load
// none that they do not use. It matters most on Deno, where the first
// node:* module (or the first touch of `process`) sets up its whole Node
// compatibility layer: 40-110 ms of every worker's start, measured on Deno
// 2.9 (a worker that never captures logs, commits or loads Arrow needs none
// of it). node, bun and deno all have process.getBuiltinModule (Node since
// 20.16), which loads synchronously.

/**
 * The built-in module `id` (for example "node:fs"), loaded on first use.
 * `process` is looked up at the call, not when this module loads.
 */
export const builtin = ((id: string) => {
  if (typeof process.getBuiltinModule !== "function") {
    throw new Error(
      `psweep needs Node.js 20.16 or later (for process.getBuiltinModule); this is Node.js ${process.version}. Upgrade Node.js`,
    );
  }
  return process.getBuiltinModule(id);
}) as typeof process.getBuiltinModule;
