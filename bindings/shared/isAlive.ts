// Used by node, bun and deno: all three implement process.kill(pid, 0) in
// node:process as Node does.

/**
 * Whether a process exists: signal 0 sends nothing, it only checks.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // exists, but not ours to signal
  }
}
