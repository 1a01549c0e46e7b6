// Module loading in a pool worker on Node. Node itself cannot load
// TypeScript, and the hooks tsx installs in the main thread do not reach
// worker threads (Node 20): so a TypeScript module is loaded after
// registering tsx in the worker too, when tsx is installed. Every import
// after that goes through tsx's hooks thread, which doubled the time to load
// psweep (measured when it still loaded apache-arrow: 570 ms instead of
// 270 ms): so psweep is loaded first, and the script's own import of it finds
// it loaded.

const TYPESCRIPT = /\.[cm]?tsx?$/;
let tsx: Promise<void> | undefined;

export async function importModule(url: string): Promise<Record<string, unknown>> {
  if (TYPESCRIPT.test(new URL(url).pathname)) {
    tsx ??= registerTsx();
    await tsx;
  }
  return (await import(url)) as Record<string, unknown>;
}

async function registerTsx(): Promise<void> {
  await import(new URL("./node.js", import.meta.url).href); // the package entry, built next to this file
  const specifier = "tsx/esm/api"; // not resolved at build time: tsx is the user's
  try {
    const api = (await import(specifier)) as { register(): void };
    api.register();
  } catch (error) {
    throw new Error(
      `cannot load a TypeScript module in a Node worker thread without tsx (${String((error as Error).message)}); ` +
        "install tsx and start the script with it (npx tsx script.ts), or compile the script to JavaScript",
      { cause: error },
    );
  }
}
