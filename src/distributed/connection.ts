import { PsweepError, describe } from "../errors.js";

/** Where the Redis server is: "redis://host:port" or {host, port}. */
export type RedisAddress = string | { host: string; port: number; password?: string; db?: number };

/** ioredis options for BullMQ (which needs maxRetriesPerRequest: null for its blocking calls). */
export function connectionOptions(address: RedisAddress): { host: string; port: number; password?: string; db?: number; maxRetriesPerRequest: null } {
  if (typeof address === "string") {
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      throw new PsweepError(`redis address ${JSON.stringify(address)} is not a URL; write redis://host:port (e.g. redis://127.0.0.1:6379)`);
    }
    if (url.protocol !== "redis:") throw new PsweepError(`redis address ${JSON.stringify(address)} must start with redis://`);
    const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : undefined;
    return {
      host: url.hostname || "127.0.0.1",
      port: Number(url.port || 6379),
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
      ...(db !== undefined ? { db } : {}),
      maxRetriesPerRequest: null,
    };
  }
  if (typeof address !== "object" || address === null || typeof address.host !== "string" || !Number.isInteger(address.port)) {
    throw new PsweepError(`redis address must be "redis://host:port" or {host, port}, got ${describe(address)}`);
  }
  return { ...address, maxRetriesPerRequest: null };
}
