// Connecting to Redis servers as they are on shared clusters: an ACL user
// with a password, TLS with certificates made here by openssl, and servers
// that refuse or are not there. Failures end run() and `psweep worker`
// within the time bound, with one line that never shows the password.

import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dfExtractDicts, distributed, plist, PsweepRedisError, run } from "./helpers/psweep.js";
import { startRedis, type RedisServer } from "./helpers/redis.js";
import { tmpDir } from "./helpers/tmp.js";
import { redisError } from "../src/distributed/connection.js";
import { work } from "./fixtures/distributed/funcs.js";

const PASSWORD = "s3cret-Pw-7x9q";
const funcModule = new URL("./fixtures/distributed/funcs.ts", import.meta.url);
const params = plist("a", [1, 2, 3, 4]).map((p) => ({ ...p, sleep: 0 }));
const children: ChildProcess[] = [];
const servers: RedisServer[] = [];

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  for (const server of servers) await server.stop();
});

interface Exit {
  code: number | null;
  stderr: string;
  stdout: string;
  seconds: number;
}

/** `psweep worker` with these arguments and environment; resolves when it prints its first line (started) or exits. */
function cliWorker(
  args: string[],
  env: Record<string, string> = {},
): { child: ChildProcess; started: Promise<string>; exit: Promise<Exit> } {
  const start = Date.now();
  const child = spawn(process.execPath, ["dist/cli.js", "worker", ...args], {
    env: { ...process.env, PSWEEP_REDIS_URL: "", PSWEEP_JOB_KEY: "", ...env },
  });
  children.push(child);
  let stderr = "";
  let stdout = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const started = new Promise<string>((resolve) =>
    child.stderr!.on(
      "data",
      (chunk: Buffer) => (stderr += chunk.toString()).includes("taking psets") && resolve(stderr),
    ),
  );
  const exit = new Promise<Exit>((resolve) =>
    child.on("exit", (code) => resolve({ code, stderr, stdout, seconds: (Date.now() - start) / 1000 })),
  );
  return { child, started, exit };
}

async function timed<T>(promise: Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = Date.now();
  const value = await promise;
  return { value, seconds: (Date.now() - start) / 1000 };
}

function expectOneLine(exit: Exit, pattern: RegExp): void {
  expect(exit.code).toBe(2);
  expect(exit.stdout).toBe("");
  expect(exit.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(exit.stderr).toMatch(pattern);
  expect(exit.stderr).not.toMatch(/^\s+at /m);
}

describe("a Redis server with an ACL user and password", () => {
  let server: RedisServer;
  let url: string;
  beforeAll(async () => {
    server = await startRedis({
      args: ["--user", "default", "off", "--user", "alice", "on", `>${PASSWORD}`, "~*", "&*", "+@all"],
    });
    servers.push(server);
    url = `redis://alice:${PASSWORD}@127.0.0.1:${server.port}`;
  });

  it("redis://alice:pw@ works for run() and for psweep worker (URL from PSWEEP_REDIS_URL); the password is shown nowhere", async () => {
    const worker = cliWorker(["--queue", "acl"], { PSWEEP_REDIS_URL: url });
    const line = await worker.started;
    expect(line).toBe(
      `psweep worker: taking psets from queue acl on redis://alice:***@127.0.0.1:${server.port} (concurrency 1, jobs not signed); stop with Ctrl-C\n`,
    );
    const df = await run(work, params, {
      save: false,
      executor: distributed({ connection: url, queue: "acl" }),
      funcModule,
      progress: false,
    });
    expect(dfExtractDicts(df).map((r) => r.square)).toEqual([1, 4, 9, 16]);
    // an ioredis options object names the same user
    const again = await run(work, params, {
      save: false,
      funcModule,
      progress: false,
      executor: distributed({
        connection: { host: "127.0.0.1", port: server.port, username: "alice", password: PASSWORD },
        queue: "acl",
      }),
    });
    expect(dfExtractDicts(again).map((r) => r.pid)).toEqual(dfExtractDicts(df).map((r) => r.pid));
    worker.child.kill("SIGTERM");
    const exit = await worker.exit;
    expect(exit.code).toBe(0);
    expect(exit.stderr + exit.stdout).not.toContain(PASSWORD);
  });

  it("a wrong password or an unknown user: run() fails with PsweepRedisError within the bound, naming the server without the password", async () => {
    for (const [user, password] of [
      ["alice", "wrong-Pass-123"],
      ["bob", PASSWORD],
    ] as const) {
      const { value: error, seconds } = await timed(
        run(work, params, {
          save: false,
          funcModule,
          progress: false,
          executor: distributed({
            connection: `redis://${user}:${password}@127.0.0.1:${server.port}`,
            queue: "acl",
            connectTimeout: 3000,
          }),
        }).catch((e: unknown) => e),
      );
      expect(seconds).toBeLessThan(15);
      expect(error).toBeInstanceOf(PsweepRedisError);
      const message = (error as Error).message;
      expect(message).toBe(
        `redis://${user}:***@127.0.0.1:${server.port} refused the user name or password (WRONGPASS): check the user and password (PSWEEP_REDIS_URL)`,
      );
      expect(String((error as Error).stack)).not.toContain(password);
    }
  });

  it("psweep worker with a wrong password, or none: one line, exit 2, within the bound", async () => {
    const wrong = await cliWorker(["--queue", "acl", "--connect-timeout", "3000"], {
      PSWEEP_REDIS_URL: `redis://alice:wrong-Pass-123@127.0.0.1:${server.port}`,
    }).exit;
    expectOneLine(
      wrong,
      /^psweep worker: redis:\/\/alice:\*\*\*@127\.0\.0\.1:\d+ refused the user name or password \(WRONGPASS\)/,
    );
    expect(wrong.stderr).not.toContain("wrong-Pass-123");
    expect(wrong.seconds).toBeLessThan(15);
    const none = await cliWorker(["--queue", "acl", "--redis", `redis://127.0.0.1:${server.port}`]).exit;
    expectOneLine(none, /^psweep worker: redis:\/\/127\.0\.0\.1:\d+ needs a password \(NOAUTH\)/);
  });

  it("psweep worker refuses a password on its command line (ps shows it), without echoing it", async () => {
    const exit = await cliWorker(["--queue", "acl", "--redis", url]).exit;
    expectOneLine(exit, /--redis must not hold a password: .* put the URL in PSWEEP_REDIS_URL instead/);
    expect(exit.stderr).not.toContain(PASSWORD);
  });
});

describe("connection settings that cannot work", () => {
  it("are refused before anything connects, naming what is wrong, with the password masked", async () => {
    const refuse = async (connection: string, extra: object = {}): Promise<string> => {
      const error = await run(work, params, {
        save: false,
        funcModule,
        progress: false,
        executor: distributed({ connection, queue: "q", ...extra }),
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).name).toBe("PsweepError");
      expect((error as Error).message).not.toContain(PASSWORD);
      return (error as Error).message;
    };
    expect(await refuse(`redis://alice:${PASSWORD}@h:1?tls=true`)).toBe(
      `distributed: redis address "redis://alice:***@h:1?tls=true" has a query or fragment, which psweep does not read: for TLS write rediss://, for a database number /<db>, for certificate files the tls option (--tls-ca etc.)`,
    );
    expect(await refuse(`http://:${PASSWORD}@h:1`)).toBe(
      `distributed: redis address "http://:***@h:1" must start with redis:// (or rediss:// for TLS)`,
    );
    expect(await refuse(`redis://:${PASSWORD}@h:1/x`)).toBe(
      `distributed: the database in "redis://:***@h:1/x" must be a number, as in redis://host:6379/0`,
    );
    expect(await refuse("redis://h:1", { tls: { caFile: "/nonexistent/ca.crt" } })).toMatch(
      /^distributed: cannot read tls\.caFile "\/nonexistent\/ca\.crt": /,
    );
    expect(await refuse("redis://h:1", { key: "short" })).toBe(
      "distributed: the job key has 5 bytes; use at least 16 random bytes (e.g. openssl rand -hex 32)",
    );
  });
});

describe("what a failed connection says", () => {
  const connection = {
    options: { host: "127.0.0.1", port: 6390, tls: {} },
    display: "rediss://127.0.0.1:6390",
    timeoutMs: 3000,
  };
  it("a server that asks for a client certificate names it, whether TLS 1.3 says so in an alert or closes the connection", () => {
    // The two ways OpenSSL reported the same server (authClients) to a client without a certificate, in two runs.
    const alert = Object.assign(
      new Error(
        "80BCA15C597F0000:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 116",
      ),
      { code: "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED" },
    );
    const closed = new Error("Connection is closed.");
    for (const error of [alert, closed]) {
      expect(redisError(connection, error).message).toMatch(
        /^rediss:\/\/127\.0\.0\.1:6390 .*check .*the client certificate \(tls\.certFile \/ --tls-cert\)/,
      );
    }
  });
});

describe("a server that is not there", () => {
  it("run() and psweep worker stop at once with one line naming host and port", async () => {
    const dead = `redis://127.0.0.1:1`;
    const { value: error, seconds } = await timed(
      run(work, params, {
        save: false,
        funcModule,
        progress: false,
        executor: distributed({ connection: dead, queue: "q" }),
      }).catch((e: unknown) => e),
    );
    expect(seconds).toBeLessThan(15);
    expect(error).toBeInstanceOf(PsweepRedisError);
    expect((error as Error).message).toBe(
      "nothing accepts connections at redis://127.0.0.1:1 (ECONNREFUSED): check the host and port, and that redis-server runs",
    );
    const exit = await cliWorker(["--queue", "q", "--redis", dead]).exit;
    expectOneLine(exit, /^psweep worker: nothing accepts connections at redis:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)/);
    expect(exit.seconds).toBeLessThan(15);
  });
});

describe("a server that goes away while a worker runs", () => {
  it(
    "run() fails with PsweepRedisError within the bound when its server goes away mid-run",
    { timeout: 20000 },
    async () => {
      const server = await startRedis();
      const worker = cliWorker(["--queue", "gone", "--redis", server.url]);
      await worker.started;
      const running = run(
        work,
        plist(
          "a",
          Array.from({ length: 200 }, (_, i) => i),
        ).map((p) => ({ ...p, sleep: 20 })),
        {
          save: false,
          funcModule,
          progress: false,
          executor: distributed({ connection: server.url, queue: "gone", connectTimeout: 2000 }),
        },
      ).catch((e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const stopped = Date.now();
      await server.stop();
      const error = await running;
      expect((Date.now() - stopped) / 1000).toBeLessThan(15);
      expect(error).toBeInstanceOf(PsweepRedisError);
      expect((error as Error).message).toContain(`redis://127.0.0.1:${server.port}`);
      worker.child.kill("SIGKILL");
    },
  );

  it("psweep worker says so once, retries for the bound, then exits 2", async () => {
    const server = await startRedis();
    const worker = cliWorker(["--queue", "q", "--redis", server.url, "--connect-timeout", "2000"]);
    await worker.started;
    await server.stop();
    const exit = await worker.exit;
    expect(exit.code).toBe(2);
    const lines = exit.stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^psweep worker: taking psets/);
    expect(lines[1]).toMatch(
      new RegExp(`^psweep worker: .*redis://127\\.0\\.0\\.1:${server.port}.*; retrying for 2 s$`),
    );
    expect(lines.at(-1)).toMatch(new RegExp(`^psweep worker: .*redis://127\\.0\\.0\\.1:${server.port}`));
    expect(lines.length).toBeLessThanOrEqual(4);
    expect(exit.stderr).not.toMatch(/^\s+at /m);
  });
});

describe("a Redis server with TLS (certificates made here by openssl)", () => {
  let server: RedisServer;
  let dir: string;
  beforeAll(async () => {
    dir = tmpDir();
    const ssl = (...args: string[]): void => void execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    ssl("req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=psweep test CA");
    ssl("req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
    writeFileSync(`${dir}/san.ext`, "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    ssl(
      "x509",
      "-req",
      "-in",
      "server.csr",
      "-CA",
      "ca.crt",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      "server.crt",
      "-days",
      "2",
      "-extfile",
      "san.ext",
    );
    server = await startRedis({
      tls: { cert: `${dir}/server.crt`, key: `${dir}/server.key`, ca: `${dir}/ca.crt` },
      args: ["--requirepass", PASSWORD],
    });
    servers.push(server);
    ssl("req", ...ec, "-keyout", "client.key", "-out", "client.csr", "-subj", "/CN=psweep worker");
    ssl(
      "x509",
      "-req",
      "-in",
      "client.csr",
      "-CA",
      "ca.crt",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      "client.crt",
      "-days",
      "2",
    );
  });

  it("a server that asks for client certificates: --tls-cert and --tls-key (tls.certFile, tls.keyFile) work, none fails in one line", async () => {
    const strict = await startRedis({
      tls: { cert: `${dir}/server.crt`, key: `${dir}/server.key`, ca: `${dir}/ca.crt`, authClients: true },
    });
    servers.push(strict);
    const files = ["--tls-ca", `${dir}/ca.crt`, "--tls-cert", `${dir}/client.crt`, "--tls-key", `${dir}/client.key`];
    const worker = cliWorker(["--queue", "mtls", "--redis", strict.url, ...files]);
    await worker.started;
    const tls = { caFile: `${dir}/ca.crt`, certFile: `${dir}/client.crt`, keyFile: `${dir}/client.key` };
    const df = await run(work, params, {
      save: false,
      funcModule,
      progress: false,
      executor: distributed({ connection: strict.url, queue: "mtls", tls }),
    });
    expect(dfExtractDicts(df).map((r) => r.square)).toEqual([1, 4, 9, 16]);
    worker.child.kill("SIGTERM");
    expect((await worker.exit).code).toBe(0);
    const without = await cliWorker([
      "--queue",
      "mtls",
      "--redis",
      strict.url,
      "--tls-ca",
      `${dir}/ca.crt`,
      "--connect-timeout",
      "3000",
    ]).exit;
    expect(without.code).toBe(2);
    expect(without.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(without.stderr).toMatch(
      new RegExp(
        `^psweep worker: rediss://127\\.0\\.0\\.1:${strict.port} .*check .*the client certificate \\(tls\\.certFile / --tls-cert\\)`,
      ),
    );
    expect(without.seconds).toBeLessThan(15);
  });

  it("rediss:// with the CA file works end to end (run() and psweep worker --tls-ca)", async () => {
    const url = `rediss://:${PASSWORD}@127.0.0.1:${server.port}`;
    const worker = cliWorker(["--queue", "tls", "--tls-ca", `${dir}/ca.crt`], { PSWEEP_REDIS_URL: url });
    expect(await worker.started).toContain(`on rediss://:***@127.0.0.1:${server.port} `);
    const df = await run(work, params, {
      save: false,
      funcModule,
      progress: false,
      executor: distributed({ connection: url, queue: "tls", tls: { caFile: `${dir}/ca.crt` } }),
    });
    expect(dfExtractDicts(df).map((r) => r.square)).toEqual([1, 4, 9, 16]);
    worker.child.kill("SIGTERM");
    const exit = await worker.exit;
    expect(exit.code).toBe(0);
    expect(exit.stderr).not.toContain(PASSWORD);
  });

  it("TLS mismatches fail within the bound with one line: redis:// to the TLS port, rediss:// without the CA", async () => {
    const plain = `redis://:${PASSWORD}@127.0.0.1:${server.port}`;
    const { value: error, seconds } = await timed(
      run(work, params, {
        save: false,
        funcModule,
        progress: false,
        executor: distributed({ connection: plain, queue: "tls", connectTimeout: 3000 }),
      }).catch((e: unknown) => e),
    );
    expect(seconds).toBeLessThan(15);
    expect(error).toBeInstanceOf(PsweepRedisError);
    expect((error as Error).message).toMatch(
      new RegExp(`redis://:\\*\\*\\*@127\\.0\\.0\\.1:${server.port} .*check .*rediss://`),
    );
    expect((error as Error).message).not.toContain(PASSWORD);
    const noCa = await cliWorker(["--queue", "tls", "--connect-timeout", "3000"], {
      PSWEEP_REDIS_URL: `rediss://:${PASSWORD}@127.0.0.1:${server.port}`,
    }).exit;
    expectOneLine(
      noCa,
      /^psweep worker: TLS with rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+ failed \(.*certificate.*\): check .* the CA file/,
    );
    expect(noCa.stderr).not.toContain(PASSWORD);
    expect(noCa.seconds).toBeLessThan(15);
  });
});
