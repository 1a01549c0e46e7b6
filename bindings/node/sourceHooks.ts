// Module hooks the main thread registers after its own loader (tsx): they
// answer a `psweep-source:` import with what the loaders before them make of
// a module, its TypeScript turned into JavaScript (or where they resolve a
// specifier). Built as dist/node-source-hooks.js; see sourceService.ts.

import { SOURCE_SCHEME, type SourceAnswer, type SourceRequest } from "./sourceProtocol.js";

interface Context {
  conditions?: string[];
  parentURL?: string;
  format?: string | null;
  importAttributes?: Record<string, string>;
}
type Resolved = { url: string; format?: string | null; shortCircuit?: boolean };
type Loaded = { format: string; source?: string | ArrayBuffer | ArrayBufferView | null; shortCircuit?: boolean };

const decoder = new TextDecoder();
const parse = (url: string): SourceRequest =>
  JSON.parse(decodeURIComponent(url.slice(SOURCE_SCHEME.length))) as SourceRequest;
const answer = (value: SourceAnswer): Loaded => ({
  format: "module",
  source: `export default ${JSON.stringify(value)};`,
  shortCircuit: true,
});

export async function resolve(
  specifier: string,
  context: Context,
  next: (specifier: string, context: Context) => Promise<Resolved>,
): Promise<Resolved> {
  if (!specifier.startsWith(SOURCE_SCHEME)) return next(specifier, context);
  const request = parse(specifier);
  // Resolved here, through the loaders (tsx marks what it will transform), and loaded by load below.
  const target =
    "load" in request
      ? await next(request.load, { ...context, parentURL: undefined })
      : await next(request.resolve, { ...context, parentURL: request.parentURL });
  const resolved = { ...request, url: target.url, format: target.format ?? undefined };
  return { url: SOURCE_SCHEME + encodeURIComponent(JSON.stringify(resolved)), shortCircuit: true };
}

export async function load(
  url: string,
  context: Context,
  next: (url: string, context: Context) => Promise<Loaded>,
): Promise<Loaded> {
  if (!url.startsWith(SOURCE_SCHEME)) return next(url, context);
  const request = parse(url) as SourceRequest & { url: string; format?: string };
  if ("resolve" in request) return answer({ url: request.url, format: request.format });
  const loaded = await next(request.url, {
    conditions: context.conditions,
    importAttributes: {},
    format: request.format,
  });
  const source = loaded.source;
  if (source === null || source === undefined) return answer({ error: `no source for ${request.url}` });
  const text =
    typeof source === "string"
      ? source
      : decoder.decode(
          source instanceof ArrayBuffer ? source : new Uint8Array(source.buffer, source.byteOffset, source.byteLength),
        );
  return answer({ format: loaded.format, source: text });
}
