// A Redis server of the test's own, on a free loopback port, started and
// stopped by pid: tests never depend on a server someone else started.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpDir } from "./tmp.js";

export interface RedisServer {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const dir = tmpDir("psweep-redis-");
  try {
    execFileSync("redis-server", [
      "--port", String(port), "--bind", "127.0.0.1", "--daemonize", "yes", "--pidfile", `${dir}/redis.pid`,
      "--dir", dir, "--logfile", `${dir}/redis.log`, "--save", "", "--appendonly", "no",
    ]);
  } catch (error) {
    throw new Error(`cannot start redis-server (.ci/run installs Debian's redis-server): ${(error as Error).message}`);
  }
  await until(() => ping(port), 10_000);
  const pid = Number(readFileSync(`${dir}/redis.pid`, "utf8"));
  return {
    url: `redis://127.0.0.1:${port}`,
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

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" }, () => socket.write("PING\r\n"));
    socket.on("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
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
