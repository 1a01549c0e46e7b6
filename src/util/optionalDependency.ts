// Packages that serve one optional feature (distributed runs, Parquet,
// jinja templates, git commits) are optional peer dependencies: the core
// install stays small, and the feature loads its package on first use. A
// missing package becomes an error that names the feature and the command
// that installs it.

import { PsweepError } from "../errors.js";

/**
 * Awaits `load` (a dynamic import with a literal specifier, so bundlers and
 * Deno see it); when it fails, throws a PsweepError saying which feature
 * needs which packages and how to install them.
 */
export async function importOptional<T>(
  feature: string,
  packages: readonly string[],
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const install = `npm i ${packages.join(" ")}`;
    const message = error instanceof Error ? error.message : String(error);
    const missing = isNotFound(error, message) && packages.some((name) => message.includes(name));
    throw new PsweepError(
      missing
        ? `${feature} needs the package${packages.length > 1 ? "s" : ""} ${packages.join(" and ")}, which ${packages.length > 1 ? "are" : "is"} not installed (optional dependencies of psweep): run \`${install}\` in your project`
        : `${feature} needs ${packages.join(" and ")}, which could not be loaded: ${message}. Reinstalling may help: \`${install}\``,
      { cause: error },
    );
  }
}

// Node says ERR_MODULE_NOT_FOUND / MODULE_NOT_FOUND, Bun and Deno say it in
// words; either way the message names the package (bullmq's names ioredis
// when that is what is missing).
function isNotFound(error: unknown, message: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === "ERR_MODULE_NOT_FOUND" ||
    code === "MODULE_NOT_FOUND" ||
    /cannot find (module|package)|not found|could not resolve/i.test(message)
  );
}
