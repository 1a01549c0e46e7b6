// What a worker elsewhere needs to find func: its module (see workerFunc.ts).

import { PsweepError } from "../errors.js";
import type { Runtime } from "../runtime.js";
import type { Func } from "../run/task.js";
import type { CheckedOptions } from "../run/options.js";
import { resolvePath } from "../util/path.js";
import type { FuncRef } from "./protocol.js";

/** How pool workers find func: checked here, before anything touches the disk. */
export function workerFuncRef(
  runtime: Runtime,
  func: Func<never>,
  opts: CheckedOptions,
  caller: string | undefined,
): FuncRef {
  const source = func.toString();
  if (/\{\s*\[native code\]\s*\}$/.test(source)) {
    throw new PsweepError(
      `run: func ${func.name || ""} is a bound or built-in function, which pool workers cannot load; pass a plain function defined in a module`,
    );
  }
  if (opts.funcModule !== undefined) {
    if (!func.name)
      throw new PsweepError(
        "run: with funcModule, func must be a named function exported under its name from that module",
      );
    const module = /^[a-z][a-z0-9+.-]*:/i.test(opts.funcModule)
      ? opts.funcModule
      : `file://${encodeURI(resolvePath(runtime.cwd(), opts.funcModule))}`;
    return { module, exportName: func.name, name: func.name, source };
  }
  if (caller === undefined) {
    throw new PsweepError(
      "run: poolsize needs func to come from a module file, but run() was not called from one (a REPL or eval?). " +
        "Put func in a module, export it, and pass funcModule: the URL of that module",
    );
  }
  return { module: caller, name: func.name, source };
}
