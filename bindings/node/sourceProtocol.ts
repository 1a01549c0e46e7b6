// What a Node pool worker's module hooks and the main thread say to each
// other about TypeScript modules (see sourceService.ts).

/** The BroadcastChannel of the requests and answers. */
export const SOURCES_CHANNEL = "psweep:module-sources";

/** A specifier the main thread's own hooks (sourceHooks.ts) answer: what follows it is a SourceRequest as JSON, URI-encoded. */
export const SOURCE_SCHEME = "psweep-source:";

export type SourceRequest =
  /** The module at `load` as the main thread's loaders make it. */
  | { readonly load: string }
  /** Where the main thread's loaders resolve `resolve` imported from `parentURL`. */
  | { readonly resolve: string; readonly parentURL: string };

export type SourceAnswer =
  | { readonly format: string; readonly source: string }
  | { readonly url: string; readonly format?: string }
  | { readonly error: string };
