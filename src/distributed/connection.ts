// How psweep reaches a Redis server, and what it says when it cannot: the
// forms people write (URL with user and password, rediss:// for TLS, an
// ioredis options object), one probe with a time bound before BullMQ gets
// the connection (BullMQ retries forever), and a name for the server that
// never shows the password.

import { PsweepError, describe } from "../errors.js";
import { isPlainObject } from "../isPlainObject.js";
import type { Redis } from "ioredis";
import type { Runtime } from "../runtime.js";
import { resolvePath } from "../util/path.js";
import { PsweepRedisError } from "./errors.js";
import { loadIoredis } from "./packages.js";

/**
 * Where the Redis server is: "redis://[user[:password]@]host[:port][/db]",
 * "rediss://..." for TLS, or an ioredis options object ({host, port,
 * username, password, db, tls, ...}).
 */
export type RedisAddress = string | RedisConnectionOptions;

/**
 * ioredis' connection options, as far as psweep reads them; any other ioredis
 * option passes through. Declared here so that psweep's types do not need
 * the optional package ioredis installed.
 */
export interface RedisConnectionOptions {
  host?: string;
  port?: number;
  username?: string;
  password?: string;
  db?: number;
  tls?: Record<string, unknown>;
  [option: string]: unknown;
}

/** Files for a TLS connection (PEM), read when connecting. */
export interface RedisTlsFiles {
  /** Certificate authority that signed the server's certificate (instead of the system's). */
  caFile?: string;
  /** Client certificate and its key, for servers that ask for one. */
  certFile?: string;
  keyFile?: string;
}

export interface ConnectionSettings {
  connection: RedisAddress;
  tls?: RedisTlsFiles;
  /** ms to wait for the server to answer before giving up with a PsweepRedisError. Default 10000. */
  connectTimeout?: number;
}

export interface Connection {
  /** ioredis options for BullMQ and psweep's own clients. */
  readonly options: RedisConnectionOptions;
  /** The server as people name it, without the password: redis://alice:***@host:6379/0. */
  readonly display: string;
  readonly timeoutMs: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** The connection settings, checked; files named for TLS are read here. */
export async function resolveConnection(
  runtime: Runtime,
  settings: ConnectionSettings,
  who: string,
): Promise<Connection> {
  const timeoutMs = settings.connectTimeout ?? DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== "number" || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new PsweepError(`${who}: connectTimeout must be a positive number of ms, got ${describe(timeoutMs)}`);
  }
  const base =
    typeof settings.connection === "string" ? fromUrl(settings.connection, who) : fromObject(settings.connection, who);
  const files = settings.tls;
  if (files !== undefined) {
    if (
      !isPlainObject(files as object) ||
      Object.keys(files).some((k) => !["caFile", "certFile", "keyFile"].includes(k))
    ) {
      throw new PsweepError(
        `${who}: tls must be {caFile?, certFile?, keyFile?} (paths of PEM files), got ${describe(files)}`,
      );
    }
    if ((files.certFile === undefined) !== (files.keyFile === undefined))
      throw new PsweepError(`${who}: tls.certFile and tls.keyFile go together`);
    const read = async (path: string | undefined, what: string): Promise<string | undefined> => {
      if (path === undefined) return undefined;
      if (typeof path !== "string" || path === "")
        throw new PsweepError(`${who}: tls.${what} must be a file path, got ${describe(path)}`);
      try {
        return new TextDecoder().decode(await runtime.fs.readFile(resolvePath(runtime.cwd(), path)));
      } catch (error) {
        throw new PsweepError(`${who}: cannot read tls.${what} ${JSON.stringify(path)}: ${(error as Error).message}`);
      }
    };
    const [ca, cert, key] = [
      await read(files.caFile, "caFile"),
      await read(files.certFile, "certFile"),
      await read(files.keyFile, "keyFile"),
    ];
    const tls = {
      ...(typeof base.tls === "object" ? base.tls : {}),
      ...(ca && { ca }),
      ...(cert && { cert }),
      ...(key && { key }),
    };
    base.tls = tls;
  }
  const options: RedisConnectionOptions = { ...base, maxRetriesPerRequest: null, connectTimeout: timeoutMs };
  return { options, display: display(options), timeoutMs };
}

function fromUrl(address: string, who: string): RedisConnectionOptions {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new PsweepError(
      `${who}: redis address ${describe(maskUrlText(address))} is not a URL; write redis://[user:password@]host[:port][/db] or rediss://... for TLS`,
    );
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") {
    throw new PsweepError(
      `${who}: redis address ${describe(maskUrlText(address))} must start with redis:// (or rediss:// for TLS)`,
    );
  }
  if (url.search !== "" || url.hash !== "") {
    throw new PsweepError(
      `${who}: redis address ${describe(maskUrlText(address))} has a query or fragment, which psweep does not read: ` +
        "for TLS write rediss://, for a database number /<db>, for certificate files the tls option (--tls-ca etc.)",
    );
  }
  const dbText = url.pathname.replace(/^\//, "");
  if (dbText !== "" && !/^\d{1,5}$/.test(dbText))
    throw new PsweepError(
      `${who}: the database in ${describe(maskUrlText(address))} must be a number, as in redis://host:6379/0`,
    );
  return {
    host: url.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1",
    port: url.port === "" ? 6379 : Number(url.port),
    ...(url.username && { username: decodeURIComponent(url.username) }),
    ...(url.password && { password: decodeURIComponent(url.password) }),
    ...(dbText !== "" && { db: Number(dbText) }),
    ...(url.protocol === "rediss:" && { tls: {} }),
  };
}

function fromObject(address: RedisConnectionOptions, who: string): RedisConnectionOptions {
  if (typeof address !== "object" || address === null || !isPlainObject(address)) {
    throw new PsweepError(
      `${who}: connection must be a redis:// URL or an ioredis options object ({host, port, username, password, db, tls}), got ${describe(address)}`,
    );
  }
  if (address.host !== undefined && typeof address.host !== "string")
    throw new PsweepError(`${who}: connection.host must be text, got ${describe(address.host)}`);
  if (address.port !== undefined && !(Number.isInteger(address.port) && address.port > 0 && address.port < 65536)) {
    throw new PsweepError(`${who}: connection.port must be a port number, got ${describe(address.port)}`);
  }
  return { ...address, host: address.host ?? "127.0.0.1", port: address.port ?? 6379 };
}

/** The server as a URL without its password. */
function display(options: RedisConnectionOptions): string {
  const user = options.username
    ? `${encodeURIComponent(options.username)}${options.password ? ":***" : ""}@`
    : options.password
      ? ":***@"
      : "";
  const host = options.host?.includes(":") ? `[${options.host}]` : options.host;
  return `${options.tls ? "rediss" : "redis"}://${user}${host}:${options.port}${options.db ? `/${options.db}` : ""}`;
}

/** A URL's password replaced by *** in text that may not even parse as a URL. */
export function maskUrlText(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*:)[^@/]*@/i, "$1***@");
}

/** ioredis options for a client whose first connection connectChecked makes: no retries, no queued commands till then. */
export function checkedClientOptions(connection: Connection): RedisConnectionOptions {
  return {
    ...connection.options,
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  };
}

/**
 * Connects `client` (made with checkedClientOptions) once, with the time
 * bound, and says in one line what is wrong when that fails: BullMQ itself
 * would retry forever. The caller disconnects the client after a failure.
 */
export async function connectChecked(client: Redis, connection: Connection): Promise<void> {
  let last: unknown;
  // told below, once; it stays, so that a late error of a failed connection is never an unhandled one
  client.on("error", (error: unknown) => (last = error));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), connection.timeoutMs);
  });
  try {
    await Promise.race([client.connect().then(() => client.ping()), timeout]);
  } catch (error) {
    // the cause is in the client's error event; the promise only says the connection closed
    await new Promise((resolve) => setTimeout(resolve, 0));
    throw redisError(connection, last ?? error);
  } finally {
    clearTimeout(timer);
  }
}

/** Checks that the server answers (connectChecked), on a connection of its own that closes again. */
export async function probe(connection: Connection, feature: string): Promise<void> {
  const { Redis } = await loadIoredis(feature);
  const client = new Redis(checkedClientOptions(connection));
  try {
    await connectChecked(client, connection);
  } finally {
    client.disconnect();
  }
}

/** One line: what went wrong, with which server, and what to check. */
export function redisError(connection: Connection, error: unknown): PsweepRedisError {
  const text = String((error as Error)?.message ?? error);
  const code = String((error as { code?: unknown })?.code ?? "");
  const server = connection.display;
  const seconds = `${connection.timeoutMs / 1000} s`;
  let line: string;
  if (/WRONGPASS/.test(text))
    line = `${server} refused the user name or password (WRONGPASS): check the user and password (PSWEEP_REDIS_URL)`;
  else if (/NOAUTH/.test(text))
    line = `${server} needs a password (NOAUTH): give redis://user:password@host in PSWEEP_REDIS_URL`;
  else if (/NOPERM/.test(text))
    line = `${server}: the user lacks permissions psweep needs (NOPERM): the ACL must allow ~* &* +@all or the queue's keys`;
  else if (code === "ECONNREFUSED")
    line = `nothing accepts connections at ${server} (ECONNREFUSED): check the host and port, and that redis-server runs`;
  else if (code === "ENOTFOUND" || code === "EAI_AGAIN")
    line = `the host of ${server} is unknown (${code}): check the host name`;
  else if (/certificate required|alert number 116\b/i.test(text)) {
    // TLS 1.3 tells of a missing client certificate either so, or by closing the connection (below), as timing has it.
    line = `${server} asks for a client certificate (${firstLine(text)}): check the client certificate (tls.certFile / --tls-cert) and its key (tls.keyFile / --tls-key)`;
  } else if (/certificate|self.signed|SSL|TLS|wrong version number|ssl3|alert|EPROTO/i.test(text + code)) {
    line = `TLS with ${server} failed (${firstLine(text)}): check rediss:// against the server's TLS port, the CA file (tls.caFile / --tls-ca) and the client certificate (tls.certFile / --tls-cert)`;
  } else if (/timeout|ETIMEDOUT/i.test(text + code)) {
    line = `${server} did not answer within ${seconds}: check the host, port, firewall, and rediss:// if the server speaks TLS (connectTimeout sets the bound)`;
  } else if (/Connection is closed|ECONNRESET|socket hang up|EPIPE/i.test(text + code)) {
    line = connection.options.tls
      ? `${server} closed the connection (${firstLine(text)}): check that the port speaks TLS, and the client certificate (tls.certFile / --tls-cert) if the server asks for one`
      : `${server} closed the connection (${firstLine(text)}): check redis:// vs rediss:// (TLS) and the port`;
  } else line = `cannot use ${server}: ${firstLine(text)}`;
  return new PsweepRedisError(maskPassword(line, connection), { cause: error });
}

function firstLine(text: string): string {
  return text.split("\n")[0]!.slice(0, 200);
}

/** Never show the password, whatever a message quotes. */
export function maskPassword(text: string, connection: Connection): string {
  const password = connection.options.password;
  return password ? text.split(password).join("***") : text;
}
