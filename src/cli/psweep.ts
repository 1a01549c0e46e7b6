// The library, as the command line uses it: only the public API of the
// Node binding (the package's "psweep/node" export). tsup builds the CLI as
// one more entry of the same build, so it shares the library's chunks.
export { checkCalcDir, dfExtractDicts, dfFormat, dfRead, dfWrite, filterCols, PsweepError } from "../../bindings/node/index.js";
export type { DfFormat } from "../../bindings/node/index.js";
