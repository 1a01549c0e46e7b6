/**
 * What psweep needs from the runtime it runs on. src/ never touches a
 * runtime global: each binding in bindings/<runtime>/ implements this and
 * nothing more, and the package's export conditions pick the binding.
 */
export interface Runtime {
  /** Which runtime this binding is for. */
  readonly name: "node" | "bun" | "deno";
  /** Host name of this machine (recorded as _exec_host). */
  hostname(): string;
}
