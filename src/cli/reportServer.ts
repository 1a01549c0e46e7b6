// psweep report --serve: the report page, live. GET / is the page with the
// data as it is now; the page then polls GET /data?known=<version>, which
// answers 204 while nothing changed and the new data when the database or
// a running sweep's log did. Read only: the sweep's files are never written.

import { createServer } from "node:http";
import { resolve } from "node:path";
import { runtime } from "../../bindings/node/index.js";
import { liveSnapshot, liveVersion, type LiveSnapshot } from "../report/live.js";
import { reportHtml } from "../report/report.js";
import { CliError } from "./errors.js";

export interface ServeOptions {
  database: string;
  title: string;
  host: string;
  port: number;
  log: (text: string) => void;
  /** Resolves when the server should stop (default: SIGINT or SIGTERM). */
  stop?: Promise<void>;
}

export async function serveReport(options: ServeOptions): Promise<void> {
  const file = resolve(options.database);
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
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const send = (status: number, type: string, body: string): void => {
      response.writeHead(status, { "content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff" });
      response.end(body);
    };
    void (async () => {
      if (request.method !== "GET") return send(405, "text/plain", "GET only\n");
      if (url.pathname === "/") {
        const { version, data, status } = await snapshot();
        return send(200, "text/html; charset=utf-8", await reportHtml({ title: options.title, data, live: { version, status } }));
      }
      if (url.pathname === "/data") {
        if ((await liveVersion(runtime, file)) === url.searchParams.get("known")) return send(204, "text/plain", "");
        return send(200, "application/json", JSON.stringify(await snapshot()));
      }
      send(404, "text/plain", "not found\n");
    })().catch((error: unknown) => send(500, "text/plain", `${error instanceof Error ? error.message : String(error)}\n`));
  });
  await new Promise<void>((done, fail) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      fail(new CliError(error.code === "EADDRINUSE" ? `port ${options.port} on ${options.host} is in use; give another with --port (0: any free port)` : `cannot serve on ${options.host}:${options.port}: ${error.message}`)),
    );
    server.listen(options.port, options.host, done);
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  options.log(`psweep report: serving ${options.database} at http://${host}:${port}/ (Ctrl-C stops)\n`);
  if (options.host !== "127.0.0.1" && options.host !== "localhost" && options.host !== "::1") {
    options.log(`psweep report: listening on ${options.host}: anyone who can reach it can read the database\n`);
  }
  const stop =
    options.stop ??
    new Promise<void>((done) => {
      process.once("SIGINT", done);
      process.once("SIGTERM", done);
    });
  await stop;
  await new Promise<void>((done) => server.close(() => done()));
  server.closeAllConnections();
}
