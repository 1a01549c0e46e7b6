// A Redis server of the test's own, on a free loopback port, started and
// stopped by pid: tests never depend on a server someone else started.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { tmpDir } from "./tmp.js";

export interface RedisServer {
  /** redis://127.0.0.1:<port>, or rediss://... for a TLS server; without user or password. */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface RedisServerOptions {
  /** More redis-server arguments, e.g. ACL users: ["--user", "default", "off", "--user", "alice", "on", ">pw", "~*", "&*", "+@all"]. */
  args?: string[];
  /** Serve TLS only, with these PEM files (client certificates are asked for when `authClients`). */
  tls?: { cert: string; key: string; ca: string; authClients?: boolean };
}

export async function startRedis(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = tmpDir("psweep-redis-");
  const tls = options.tls;
  const listen =
    tls === undefined
      ? ["--port", String(port)]
      : [
          "--port",
          "0",
          "--tls-port",
          String(port),
          "--tls-cert-file",
          tls.cert,
          "--tls-key-file",
          tls.key,
          "--tls-ca-cert-file",
          tls.ca,
          "--tls-auth-clients",
          tls.authClients ? "yes" : "no",
        ];
  try {
    execFileSync("redis-server", [
      ...listen,
      "--bind",
      "127.0.0.1",
      "--daemonize",
      "yes",
      "--pidfile",
      `${dir}/redis.pid`,
      "--dir",
      dir,
      "--logfile",
      `${dir}/redis.log`,
      "--save",
      "",
      "--appendonly",
      "no",
      ...(options.args ?? []),
    ]);
  } catch (error) {
    throw new Error(`cannot start redis-server (.ci/run installs Debian's redis-server): ${(error as Error).message}`, {
      cause: error,
    });
  }
  await until(() => ping(port, tls), 10_000);
  const pid = Number(readFileSync(`${dir}/redis.pid`, "utf8"));
  return {
    url: `${tls ? "rediss" : "redis"}://127.0.0.1:${port}`,
    port,
    async stop() {
      process.kill(pid, "SIGTERM");
      await until(async () => !alive(pid), 10_000);
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Whether the server answers (PONG, or an error when it wants a password first). */
function ping(port: number, tls: RedisServerOptions["tls"]): Promise<boolean> {
  return new Promise((resolve) => {
    const socket =
      tls === undefined
        ? createConnection({ port, host: "127.0.0.1" }, () => socket.write("PING\r\n"))
        : tlsConnect(
            {
              port,
              host: "127.0.0.1",
              rejectUnauthorized: false,
              ...(tls.authClients && { cert: readFileSync(tls.cert), key: readFileSync(tls.key) }),
            },
            () => socket.write("PING\r\n"),
          );
    socket.on("data", (data) => {
      socket.destroy();
      resolve(/^(\+PONG|-NOAUTH)/.test(data.toString()));
    });
    socket.on("error", () => resolve(false));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(test: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const start = Date.now();
  while (!(await test())) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
