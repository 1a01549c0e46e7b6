// Which module called run(): the file pool workers load to find func.

/**
 * URL of the module whose code called `entry` (a function of psweep's API),
 * read off the stack; undefined when the call came from no file (a REPL,
 * eval) or the runtime cannot tell.
 */
export function callerModule(entry: (...args: never[]) => unknown): string | undefined {
  const capture = (Error as { captureStackTrace?: (target: object, skip: unknown) => void }).captureStackTrace;
  if (capture === undefined) return undefined;
  const holder: { stack?: string } = {};
  capture(holder, entry);
  for (const line of (holder.stack ?? "").split("\n").slice(1)) {
    const match = /(file:\/\/\/[^\s)]+|\/[^\s)]+?):\d+:\d+\)?\s*$/.exec(line);
    if (!match) continue;
    const location = match[1]!;
    return location.startsWith("file://") ? location : `file://${encodeURI(location)}`;
  }
  return undefined;
}
