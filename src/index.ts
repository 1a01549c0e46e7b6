// psweep: the runtime-agnostic API. Nothing here touches a runtime global or
// a node: module, so this entry also works in browsers. Importing it has no
// side effects; the wasm core compiles on first use.

export type { Pset, Params, Value } from "./types.js";
export type { Runtime } from "./runtime.js";
export { PsweepError, PsweepHashError, PsweepRunError } from "./errors.js";

export { HASH_SCHEME, psetHash, psetHashes, canonicalPset, type HashOptions } from "./hash/psetHash.js";

export { plist } from "./params/plist.js";
export { pgrid, grid, zip } from "./params/pgrid.js";
export { Grid, type GridKey, type Range } from "./params/grid.js";
export { itr2params } from "./params/itr2params.js";
export { stargrid, type StargridOptions } from "./params/stargrid.js";
export { mergeDicts } from "./params/mergeDicts.js";
export { filterParamsUnique, filterParamsDupHash } from "./params/filterParams.js";
export { intspace, linspace, logspace, type LogspaceOptions } from "./params/spaces.js";
export { filterCols, type ColumnKind } from "./params/filterCols.js";
export type { MergeLeftToRight, MergePlists, PsetOf, Simplify } from "./params/types.js";

export { columnOfValues, ENCODING_KEY, JSON_ENCODING } from "./arrow/columnOfValues.js";
// apache-arrow loads on first use; the synchronous functions that make Arrow
// objects need it loaded (the Node, Bun and Deno entries do that themselves).
export { loadArrowPublic as loadArrow } from "./arrow/loadArrow.js";

// The database in memory (pure: no files).
export { dfExtractDicts, dfExtractParams, dfExtractPset, dfExtractRow } from "./df/dfExtract.js";
export { dfFilterConds, type Condition } from "./df/dfSelect.js";
export { dfFormat, type PrintOptions } from "./df/dfFormat.js";
export { dfUpdatePsetHash, dfUpdatePsetCols } from "./df/dfUpdate.js";
export { HASH_SCHEME_KEY, ROLE_KEY, type Role } from "./database/schema.js";
export { flattenDict } from "./util/flattenDict.js";
export { getManyUuids, getUuid } from "./util/getUuid.js";
export type { Cell } from "./arrow/decodeColumn.js";

// Looking at results: HTML report and SVG figure (the heavy parts load on first call).
export { report, type ReportOptions } from "./report/report.js";
export { plot, type PlotOptions } from "./report/plot.js";

// Running. run() and the file helpers need a runtime: they come from each
// binding (psweep/node, psweep/bun, psweep/deno), made by createPsweep.
export type { Psweep } from "./api.js";
export { isWorker } from "./pool/isWorker.js";
export { concurrentExecutor } from "./run/concurrentExecutor.js";
export { serialExecutor } from "./run/serialExecutor.js";
export type { ExecuteJob, Executor } from "./run/executor.js";
export type { BookKeeping, Func, Outcome, Task } from "./run/task.js";
export type { CaptureLogs, ReturnTable, RunOptions } from "./run/options.js";
export type { PrepBatchOptions, TemplateMode } from "./batch/options.js";
export { shellQuote } from "./batch/template.js";
export { PsweepSystemError } from "./util/files.js";
export type { DfFormat } from "./df/dfIo.js";
export type { DistributedOptions } from "./distributed/executor.js";
export type { DistributedWorker, WorkerOptions } from "./distributed/startWorker.js";
export type { RedisAddress, RedisTlsFiles } from "./distributed/connection.js";
export type { JobKey } from "./distributed/signing.js";
export type { QueueStatus, QueueStatusOptions } from "./distributed/status.js";
export { PsweepJobRefusedError, PsweepRedisError } from "./distributed/errors.js";
