// The library, as the command line uses it: only the public API of the
// Node binding (the package's "psweep/node" export). tsup builds the CLI as
// one more entry of the same build, so it shares the library's chunks.
// Loaded on first use: `psweep --help`, usage errors and push/pull start
// without loading Arrow and the wasm core.

export const library = () => import("../../bindings/node/index.js");

export type { DfFormat } from "../../bindings/node/index.js";
