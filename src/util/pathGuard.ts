// Every path psweep hands the file system passes one check first: a NUL byte
// (from a database value, a template name, a CLI argument) is a named error
// before anything is touched, not a raw TypeError from the runtime.

import type { FileSystem, Runtime } from "../runtime.js";
import { checkNoNul } from "./optionReader.js";

/** How many leading arguments of each FileSystem method are paths. */
const PATH_ARGUMENTS: { readonly [K in keyof FileSystem]: number } = {
  readFile: 1,
  readIntoSync: 1,
  writeFile: 1,
  open: 1,
  stat: 1,
  mkdir: 1,
  readDir: 1,
  rename: 2,
  remove: 1,
  readLink: 1,
  symlink: 2,
  copyFile: 2,
  syncDir: 1,
  modifiedAt: 1,
  touch: 1,
};

/** `runtime` with a file system that refuses paths holding a NUL byte. */
export function withPathGuard(runtime: Runtime): Runtime {
  const fs = runtime.fs;
  const guarded = {} as Record<keyof FileSystem, unknown>;
  for (const name of Object.keys(PATH_ARGUMENTS) as (keyof FileSystem)[]) {
    const method = fs[name] as (...args: unknown[]) => unknown;
    const count = PATH_ARGUMENTS[name];
    const checked = (args: unknown[]): unknown => {
      for (let i = 0; i < count; i++) if (typeof args[i] === "string") checkNoNul(args[i] as string, name);
      return method.apply(fs, args);
    };
    // A method named ...Sync returns its result; an async one's check fails as a rejected promise, as the method itself would.
    guarded[name] = name.endsWith("Sync")
      ? (...args: unknown[]) => checked(args)
      : async (...args: unknown[]) => checked(args);
  }
  return { ...runtime, fs: guarded as unknown as FileSystem };
}
