// What starting costs: `import("psweep")` in a fresh Node process against
// `import("apache-arrow")` alone, and the browser bundle of pgrid + psetHash
// (esbuild, minified, gzip) against one of the whole runtime-agnostic API.
//   tsx bench/startup.ts [repeats]
// Imports are timed inside fresh processes (node itself not counted),
// alternating, best and median of `repeats` (default 7). Needs dist/
// (npm run build). Prints one JSON line.

import { execFileSync } from "node:child_process";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const repeats = Number(process.argv[2] ?? 7);

function importMs(specifier: string): number {
  const code = `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t);`;
  return Number(execFileSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" }).trim());
}

const times: Record<string, number[]> = { psweep: [], "apache-arrow": [] };
for (let r = 0; r < repeats; r++)
  for (const specifier of Object.keys(times)) times[specifier]!.push(importMs(specifier));
const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { best: sorted[0]!, median: sorted[Math.floor(sorted.length / 2)]! };
};

/** Minified and gzipped bytes of a browser bundle of `contents` resolved from this package. */
async function bundle(contents: string): Promise<{ minified: number; gzip: number; arrow: boolean }> {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: "js" },
    bundle: true,
    minify: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.contents;
  const inputs = Object.entries(Object.values(result.metafile.outputs)[0]!.inputs);
  return {
    minified: code.length,
    gzip: gzipSync(code).length,
    arrow: inputs.some(([path, input]) => path.includes("apache-arrow") && input.bytesInOutput > 0),
  };
}

console.log(
  JSON.stringify({
    importPsweep: stats(times.psweep!),
    importArrow: stats(times["apache-arrow"]!),
    bundleGridHash: await bundle('export { pgrid, psetHash } from "psweep";'),
    bundleAll: await bundle('export * from "psweep";'),
  }),
);
