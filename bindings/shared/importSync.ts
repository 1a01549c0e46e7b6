// A synchronous import() for Node, Bun and Deno, which all load an ES module
// with require() (Node since 20.19 and 22.12) into the same module cache as
// import(): so apache-arrow loaded here is the instance a later import()
// gives, and the one the program's own `import ... from "apache-arrow"` gets.

import { builtin } from "./builtin.js";

let require: NodeJS.Require | undefined;

export function importSync(specifier: string): unknown {
  // import.meta.resolve picks the "import" export of the package (its ES
  // build); in psweep's CommonJS build there is none, and require() takes the
  // CommonJS build, which is also what that build's import() gives.
  // Called on import.meta itself: Bun's resolve must be bound to it.
  const url = typeof import.meta.resolve === "function" ? import.meta.resolve(specifier) : undefined;
  require ??= builtin("node:module").createRequire(import.meta.url);
  return require(url?.startsWith("file:") ? builtin("node:url").fileURLToPath(url) : specifier);
}
