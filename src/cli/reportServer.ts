// psweep report --serve: the report page, live. GET / is the page with the
// data as it is now; the page then polls GET /data?known=<version>, which
// answers 204 while nothing changed and the new data when the database or
// a running sweep's log did. Read only: the sweep's files are never written.

import { resolvePath } from "../util/path.js";
import { liveSnapshot, liveVersion, type LiveSnapshot } from "../report/live.js";
import { reportHtml } from "../report/report.js";
import { CliError } from "./errors.js";
import type { HttpResponse, HttpServer } from "./host.js";
import type { CliContext } from "./program.js";

export interface ServeOptions {
  database: string;
  title: string;
  host: string;
  port: number;
  log: (text: string) => void;
  /** Resolves when the server should stop (default: SIGINT or SIGTERM). */
  stop?: Promise<void>;
}

export async function serveReport(cli: CliContext, options: ServeOptions): Promise<void> {
  const { runtime } = cli.host;
  const file = resolvePath(runtime.cwd(), options.database);
  let last: LiveSnapshot | undefined;
  const snapshot = async (): Promise<LiveSnapshot> => {
    try {
      last = await liveSnapshot(runtime, file, Date.now());
    } catch (error) {
      // Caught between a sweep's writes (a log dropped while read): the last good one.
      if (last === undefined) throw error;
    }
    return last!;
  };
  const send = (status: number, type: string, body: string): HttpResponse => ({
    status,
    headers: { "content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff" },
    body,
  });
  const answer = async (method: string, url: URL): Promise<HttpResponse> => {
    if (method !== "GET") return send(405, "text/plain", "GET only\n");
    if (url.pathname === "/") {
      const { version, data, status } = await snapshot();
      return send(
        200,
        "text/html; charset=utf-8",
        await reportHtml({ title: options.title, data, live: { version, status } }),
      );
    }
    if (url.pathname === "/data") {
      if ((await liveVersion(runtime, file)) === url.searchParams.get("known")) return send(204, "text/plain", "");
      return send(200, "application/json", JSON.stringify(await snapshot()));
    }
    return send(404, "text/plain", "not found\n");
  };
  let server: HttpServer;
  try {
    server = await cli.host.serve(
      async (request) => {
        const url = pathOf(request.url);
        if (url === undefined) return send(400, "text/plain", `bad request: ${request.url}\n`);
        return answer(request.method, url).catch((error: unknown) =>
          send(500, "text/plain", `${error instanceof Error ? error.message : String(error)}\n`),
        );
      },
      { host: options.host, port: options.port },
    );
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    throw new CliError(
      code === "EADDRINUSE"
        ? `port ${options.port} on ${options.host} is in use; give another with --port (0: any free port)`
        : `cannot serve on ${options.host}:${options.port}: ${String(message)}`,
    );
  }
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  options.log(`psweep report: serving ${options.database} at http://${host}:${server.port}/ (Ctrl-C stops)\n`);
  if (options.host !== "127.0.0.1" && options.host !== "localhost" && options.host !== "::1") {
    options.log(`psweep report: listening on ${options.host}: anyone who can reach it can read the database\n`);
  }
  const stop = options.stop ?? new Promise<void>((done) => cli.host.onSignal(["SIGINT", "SIGTERM"], done));
  await stop;
  await server.close();
}

/** The request's target as a URL on this server; undefined for one that names another host ("//x", "/\\x") or none. */
function pathOf(target: string): URL | undefined {
  try {
    const url = new URL(target, "http://localhost");
    return url.host === "localhost" ? url : undefined;
  } catch {
    return undefined;
  }
}
