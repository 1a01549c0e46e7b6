// apache-arrow is loaded when a table is first needed, not when psweep is
// imported: loading it takes longer than all the rest of psweep (about 160 ms
// of a 230 ms import on Node), and a pool worker, a browser bundle of pgrid
// and psetHash, or a script that only hashes never needs it. Every other
// module takes Arrow's values through arrow() (types stay `import type`).
//
// The async entry points (run, dfRead, dfWrite, ...) await loadArrow() first.
// The synchronous functions that make Arrow objects (columnOfValues,
// dfFilterConds, dfUpdatePsetCols, grid().toArrow(), ...) call arrow(): on
// Node, Bun and Deno the binding registers a synchronous loader of the same
// module instances as import() gives (bindings/shared/arrowSync.ts), so they
// work before anything loaded a table; the runtime-agnostic entry (browsers)
// has none: there they need `await loadArrow()` once before, and say so.

import type * as Arrow from "apache-arrow";
import type * as IpcFile from "apache-arrow/ipc/metadata/file";
import type * as IpcMessage from "apache-arrow/ipc/metadata/message";
import type * as VectorLoaderModule from "apache-arrow/visitor/vectorloader";
import type * as Fzstd from "fzstd";
import { PsweepError } from "../errors.js";
import { registerDecoders } from "./codecs.js";

export type ArrowModule = typeof Arrow;

/** The parts of apache-arrow's IPC reader that reading a file's tail and single columns needs (not in its index). */
export interface ArrowIpc {
  readonly Footer: typeof IpcFile.Footer;
  readonly FileBlock: typeof IpcFile.FileBlock;
  readonly Message: typeof IpcMessage.Message;
  readonly VectorLoader: typeof VectorLoaderModule.VectorLoader;
}

/** Loads a package specifier synchronously as import() would load it (same module instance), or throws. */
export type SyncImport = (specifier: string) => unknown;

// A global slot, not module state: the package's chunks for each entry, or
// its ESM and CommonJS builds, may each hold a copy of this module.
const SYNC = Symbol.for("psweep.arrow.syncImport");
type Slots = Record<symbol, SyncImport | undefined>;

let loaded: { arrow: ArrowModule; ipc: ArrowIpc } | undefined;
let loading: Promise<ArrowModule> | undefined;

/** Loads apache-arrow (once) and returns it: awaited by the async functions before they touch a table. */
export function loadArrow(): Promise<ArrowModule> {
  if (loaded !== undefined) return Promise.resolve(loaded.arrow);
  loading ??= Promise.all([
    import("apache-arrow"),
    import("apache-arrow/ipc/metadata/file"),
    import("apache-arrow/ipc/metadata/message"),
    import("apache-arrow/visitor/vectorloader"),
    import("fzstd"),
  ]).then((modules) => adopt(...modules).arrow);
  return loading;
}

/**
 * Loads apache-arrow, which psweep loads when a table is first needed, not
 * when it is imported. Needed only in a browser (or on Node before 20.19),
 * once before the synchronous functions that make Arrow objects
 * (`grid().toArrow()`, `columnOfValues`, `dfFilterConds`, `dfUpdatePsetHash`,
 * `dfUpdatePsetCols`); on Node, Bun and Deno they load it themselves.
 * (Exported by psweep as loadArrow.)
 */
export async function loadArrowPublic(): Promise<void> {
  await loadArrow();
}

/**
 * apache-arrow, loaded: by loadArrow() before, or now through the binding's
 * synchronous loader. Throws when neither can be (the runtime-agnostic
 * entry before any `await loadArrow()`).
 */
export function arrow(): ArrowModule {
  return (loaded ?? loadSync()).arrow;
}

/** apache-arrow's IPC reader parts; loaded with arrow(). */
export function arrowIpc(): ArrowIpc {
  return (loaded ?? loadSync()).ipc;
}

/** Called as a binding's API is made (createPsweep, a worker): how to import a package synchronously on its runtime. */
export function provideSyncImport(syncImport: SyncImport | undefined): void {
  if (syncImport !== undefined) (globalThis as Slots)[SYNC] ??= syncImport;
}

/** Whether this copy of psweep has loaded apache-arrow. */
export function arrowLoaded(): boolean {
  return loaded !== undefined;
}

function loadSync(): NonNullable<typeof loaded> {
  const syncImport = (globalThis as Slots)[SYNC];
  const hint = "call `await loadArrow()` (exported by psweep) once before it";
  if (syncImport === undefined) {
    throw new PsweepError(
      `this function needs apache-arrow, which psweep loads on first use: ${hint}, ` +
        "or import psweep's Node, Bun or Deno entry, which loads it when needed",
    );
  }
  try {
    return adopt(
      syncImport("apache-arrow"),
      syncImport("apache-arrow/ipc/metadata/file"),
      syncImport("apache-arrow/ipc/metadata/message"),
      syncImport("apache-arrow/visitor/vectorloader"),
      syncImport("fzstd"),
    );
  } catch (error) {
    // e.g. Node before 20.19, whose require() cannot load an ES module
    throw new PsweepError(
      `this function needs apache-arrow, which psweep loads on first use, and this runtime cannot load it synchronously ` +
        `(${(error as Error)?.message ?? String(error)}): ${hint}`,
      { cause: error },
    );
  }
}

function adopt(
  arrow: unknown,
  file: unknown,
  message: unknown,
  loader: unknown,
  fzstd: unknown,
): NonNullable<typeof loaded> {
  if (loaded === undefined) {
    const main = arrow as ArrowModule;
    const { Footer, FileBlock } = file as typeof IpcFile;
    registerDecoders(main, (fzstd as typeof Fzstd).decompress);
    loaded = {
      arrow: main,
      ipc: {
        Footer,
        FileBlock,
        Message: (message as typeof IpcMessage).Message,
        VectorLoader: (loader as typeof VectorLoaderModule).VectorLoader,
      },
    };
  }
  return loaded;
}
