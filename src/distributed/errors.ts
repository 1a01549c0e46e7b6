import { PsweepError } from "../errors.js";

/**
 * A worker refused a distributed job: its func module is not one the
 * worker's owner allowed, its signature is missing or wrong, or the message
 * is malformed. Nothing of the job ran.
 */
export class PsweepJobRefusedError extends PsweepError {}

/** The Redis server cannot be reached, or refuses the connection (password, user, TLS). */
export class PsweepRedisError extends PsweepError {}
