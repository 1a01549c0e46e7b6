// The psweep command's host on Node: process, child_process and http behind
// the CliHost interface of src/cli/host.ts.

import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { CliHost } from "../../src/cli/host.js";
import { runtime } from "./runtime.js";

export const nodeCliHost: CliHost = {
  runtime,
  env: process.env,
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  spawn(command, args, output) {
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
      child.stdout.on("data", (chunk: Buffer) => output.onStdout(chunk));
      child.stderr.on("data", (chunk: Buffer) => output.onStderr(chunk));
      child.on("error", reject);
      child.on("close", (status, signal) => resolve({ status, signal }));
    });
  },
  onSignal(signals, handler) {
    for (const signal of signals) process.once(signal, handler);
  },
  async serve(handler, address) {
    const server = createServer((request, response) => {
      void handler({ method: request.method ?? "", url: request.url ?? "/" }).then(({ status, headers, body }) => {
        response.writeHead(status, headers);
        response.end(body);
      });
    });
    await new Promise<void>((done, fail) => {
      server.once("error", fail);
      server.listen(address.port, address.host, done);
    });
    const bound = server.address();
    return {
      port: typeof bound === "object" && bound !== null ? bound.port : address.port,
      async close() {
        await new Promise<void>((done) => server.close(() => done()));
        server.closeAllConnections();
      },
    };
  },
};
