// POSIX path helpers: src/ cannot import node:path.

export function joinPath(...parts: string[]): string {
  const joined = parts.filter((part) => part !== "").join("/");
  return normalizePath(joined);
}

export function normalizePath(path: string): string {
  const absolute = path.startsWith("/");
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else if (part !== ".." || !absolute) out.push(part);
  }
  const body = out.join("/");
  return absolute ? `/${body}` : body || ".";
}

/**
 * The parent of a path as written: "a/b/../c.txt" gives "a/b/..", not "a"
 * (the system needs a/b to exist for that path to work).
 */
export function dirname(path: string): string {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, "") : path;
  const cut = trimmed.lastIndexOf("/");
  if (cut < 0) return ".";
  return cut === 0 ? "/" : trimmed.slice(0, cut);
}

export function basename(path: string): string {
  const normal = normalizePath(path);
  return normal.slice(normal.lastIndexOf("/") + 1);
}

export function resolvePath(cwd: string, path: string): string {
  return path.startsWith("/") ? normalizePath(path) : joinPath(cwd, path);
}

/** The path from folder `from` to `to`, both absolute: "" when they are the same, "../b" from /a to /b. */
export function relativePath(from: string, to: string): string {
  if (!from.startsWith("/") || !to.startsWith("/"))
    throw new Error(`relativePath needs absolute paths, got ${from} and ${to}`);
  const a = normalizePath(from)
    .split("/")
    .filter((part) => part !== "");
  const b = normalizePath(to)
    .split("/")
    .filter((part) => part !== "");
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return [...a.slice(common).map(() => ".."), ...b.slice(common)].join("/");
}
