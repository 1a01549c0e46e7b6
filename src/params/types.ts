import type { Pset } from "../types.js";

/** The pset type of a plist type. */
export type PsetOf<L> = L extends readonly (infer P)[] ? P : never;

/** Merges the pset types of a tuple of plists (what pgrid and zip build). */
export type MergePlists<T extends readonly unknown[]> = number extends T["length"]
  ? Pset
  : T extends readonly [infer Head, ...infer Rest]
    ? PsetOf<Head> & MergePlists<Rest>
    : // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- {} ends an intersection of object types; unknown would make an empty grid's psets unknown
      {};

/** Flattens an intersection into one object type for readable hovers. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The type of merging psets left to right, later keys winning (mergeDicts). */
export type MergeLeftToRight<T extends readonly unknown[]> = number extends T["length"]
  ? Pset
  : T extends readonly [infer Head, ...infer Rest]
    ? Omit<Head, keyof MergeLeftToRight<Rest>> & MergeLeftToRight<Rest>
    : // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- as in MergePlists
      {};
