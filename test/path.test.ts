// The POSIX path helpers src/ uses instead of node:path: the same answers as
// node:path's posix functions where src/cli relies on them being the same.

import { posix } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { joinPath, normalizePath, relativePath, resolvePath } from "../src/util/path.js";

const part = fc.constantFrom("a", "b", "c d", ".", "..", "", ".a", "..b");
const relative = fc.array(part, { maxLength: 6 }).map((parts) => parts.join("/"));
const absolute = relative.map((path) => `/${path}`);
const anyPath = fc.oneof(relative, absolute);

describe("path helpers", () => {
  it("relativePath is posix.relative for absolute paths", () => {
    expect(relativePath("/home/me", "/home/me/studies/s1")).toBe("studies/s1");
    expect(relativePath("/home/me", "/home/me")).toBe("");
    expect(relativePath("/home/me", "/home/mee/x")).toBe("../mee/x");
    expect(relativePath("/a/b", "/")).toBe("../..");
    expect(() => relativePath("a", "/b")).toThrow(/absolute/);
    fc.assert(
      fc.property(absolute, absolute, (from, to) => relativePath(from, to) === posix.relative(from, to)),
      { numRuns: 2000 },
    );
  });

  it("resolvePath, joinPath and normalizePath are posix.resolve, posix.join and posix.normalize but for a trailing slash", () => {
    const noTrailing = (path: string): string => (path.length > 1 ? path.replace(/\/+$/, "") : path);
    fc.assert(
      fc.property(absolute, anyPath, (cwd, path) => {
        expect(resolvePath(cwd, path)).toBe(posix.resolve(cwd, path));
        expect(joinPath(cwd, path)).toBe(noTrailing(posix.join(cwd, path)));
        expect(normalizePath(path)).toBe(noTrailing(posix.normalize(path)));
      }),
      { numRuns: 2000 },
    );
  });
});
