// The library, as the command line uses it: the public API bound to the
// host's runtime, as a binding exports it (src/index.ts plus createPsweep).
// Loaded on first use: `psweep --help`, usage errors and push/pull start
// without loading Arrow and the wasm core.

import type { Psweep } from "../api.js";
import type { Runtime } from "../runtime.js";

export type CliLibrary = typeof import("../index.js") & Psweep;

/** Loads the library bound to `runtime`, once, on the first call. */
export function libraryLoader(runtime: Runtime): () => Promise<CliLibrary> {
  let loaded: Promise<CliLibrary> | undefined;
  return () =>
    (loaded ??= Promise.all([import("../index.js"), import("../api.js")]).then(([api, { createPsweep }]) => ({
      ...api,
      ...createPsweep(runtime),
    })));
}
