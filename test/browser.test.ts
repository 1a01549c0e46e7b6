// The parameter and hash API runs in a browser: bundle src/index.ts for the
// browser platform, check no node: module is in its import graph, and run the
// bundle in a bare JavaScript context holding only web-standard globals.

import { build, type BuildOptions } from "esbuild";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { HASH_VECTORS } from "./vectors.js";

/** The API bundled for a browser as the global `psweep`, in memory, with its metafile. */
const browserBundle = (options: BuildOptions) =>
  build({
    ...options,
    bundle: true,
    platform: "browser",
    format: "iife",
    globalName: "psweep",
    write: false,
    metafile: true,
    logLevel: "silent",
  });

describe("browser bundle of the parameter and hash API", () => {
  it("has no node: imports and computes the SPEC hashes with web globals only", async () => {
    const result = await browserBundle({ entryPoints: ["src/index.ts"] });
    const inputs = Object.keys(result.metafile.inputs);
    expect(
      inputs.filter((path) => path.startsWith("node:") || /(^|\/)node_modules\/@types\/node\//.test(path)),
    ).toEqual([]);
    expect(inputs.some((path) => path.includes("apache-arrow/"))).toBe(true);
    // run() and the file helpers stay out: they need a runtime
    expect(
      inputs.filter((path) => /parquet-wasm|bindings\/|src\/run\/run\.ts|src\/database\/store/.test(path)),
    ).toEqual([]);

    const sandbox: Record<string, unknown> = { TextEncoder, TextDecoder, WebAssembly, atob };
    runInNewContext(`${result.outputFiles[0]!.text}\nglobalThis.psweep = psweep;`, sandbox);
    const api = sandbox.psweep as typeof import("../src/index.js");
    expect("process" in sandbox || "require" in sandbox).toBe(false);
    for (const [pset, hash] of HASH_VECTORS) expect(api.psetHash(pset as never)).toBe(hash);
    expect(api.pgrid(api.plist("a", [1, 2]), api.plist("b", [3])).length).toBe(2);
    // No synchronous import in a browser: apache-arrow is there after loadArrow(), and asked for before, it is named.
    expect(() => api.grid(api.plist("a", [1, 2])).toArrow()).toThrow(/await loadArrow\(\)/);
    await api.loadArrow();
    expect(api.grid(api.plist("a", [1, 2])).toArrow({ hash: true }).numRows).toBe(2);
  });

  it("leaves apache-arrow out of a bundle that uses only pgrid and psetHash", async () => {
    const result = await browserBundle({
      stdin: { contents: 'export { pgrid, psetHash } from "./src/index.ts";', resolveDir: process.cwd(), loader: "ts" },
      minify: true,
    });
    // What the output holds (metafile.inputs also lists modules read and then shaken out).
    const inputs = Object.entries(Object.values(result.metafile.outputs)[0]!.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path);
    expect(inputs.filter((path) => /apache-arrow|flatbuffers/.test(path))).toEqual([]);
    expect(inputs).toContain("src/hash/psetHash.ts");
    const sandbox: Record<string, unknown> = { TextEncoder, TextDecoder, WebAssembly, atob };
    runInNewContext(`${result.outputFiles[0]!.text}\nglobalThis.psweep = psweep;`, sandbox);
    const api = sandbox.psweep as Pick<typeof import("../src/index.js"), "pgrid" | "psetHash">;
    for (const [pset, hash] of HASH_VECTORS) expect(api.psetHash(pset as never)).toBe(hash);
    expect(api.pgrid([{ a: 1 }, { a: 2 }], [{ b: 3 }])).toEqual([
      { a: 1, b: 3 },
      { a: 2, b: 3 },
    ]);
  });
});
