// HMAC-SHA256 over what travels through Redis, with a key the caller and the
// workers share (Web Crypto: the same on Node, Bun and Deno). A job is signed
// as text, exactly as it is stored, so no canonical form is needed; the
// queue name and the kind of message are signed with it, so that a job
// cannot be replayed on another queue or passed off as a result.

import { PsweepError, describe } from "../errors.js";

export type JobKey = string | Uint8Array;

export interface Signer {
  sign(kind: string, queue: string, text: string): Promise<string>;
  verify(kind: string, queue: string, text: string, signature: string): Promise<boolean>;
}

/** Shortest key accepted: a guessable key signs nothing. */
const MIN_KEY_BYTES = 16;

export async function signer(key: JobKey, who: string): Promise<Signer> {
  const given = typeof key === "string" ? new TextEncoder().encode(key.trim()) : key;
  if (!(given instanceof Uint8Array))
    throw new PsweepError(`${who}: key must be a string or bytes, got ${describe(key)}`);
  const bytes = new Uint8Array(given);
  if (bytes.length < MIN_KEY_BYTES) {
    throw new PsweepError(
      `${who}: the job key has ${bytes.length} bytes; use at least ${MIN_KEY_BYTES} random bytes (e.g. openssl rand -hex 32)`,
    );
  }
  const cryptoKey = await crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
  const message = (kind: string, queue: string, text: string): Uint8Array<ArrayBuffer> =>
    new TextEncoder().encode(`psweep ${kind}\n${queue}\n${text}`);
  return {
    async sign(kind, queue, text) {
      return toHex(new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, message(kind, queue, text))));
    },
    async verify(kind, queue, text, signature) {
      if (!/^[0-9a-f]{64}$/.test(signature)) return false;
      // subtle.verify compares in constant time
      return crypto.subtle.verify("HMAC", cryptoKey, fromHex(signature), message(kind, queue, text));
    },
  };
}

function toHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}
