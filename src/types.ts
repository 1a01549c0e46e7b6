/** A value a pset or a result can hold: JSON, with finite numbers only. */
export type Value = null | boolean | number | string | readonly Value[] | { readonly [key: string]: Value };

/**
 * A parameter set: one call's parameters. Keys starting or ending with "_"
 * are book-keeping and do not enter the pset hash; top-level `null` and
 * `undefined` values are left out of the hash too.
 */
export type Pset = { readonly [key: string]: Value | undefined };

/** A list of psets, as `plist`, `pgrid` and friends build them. */
export type Params<P extends Pset = Pset> = P[];
