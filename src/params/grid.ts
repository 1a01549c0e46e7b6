// The columnar grid with its Arrow table. See gridCore.ts.

import type { Table } from "apache-arrow";
import type { HashOptions } from "../hash/psetHash.js";
import type { Pset } from "../types.js";
import { GridCore, type Range } from "./gridCore.js";
import { gridTable } from "./gridTable.js";

export type { GridKey, Range } from "./gridCore.js";

export class Grid<P extends object = Pset> extends GridCore<P> {
  /**
   * The grid as an Arrow table: one dictionary-encoded column per parameter
   * (indices from the core, dictionary = the axis values), plus
   * `_pset_hash` when `hash` is true.
   */
  toArrow(options: Range & HashOptions & { hash?: boolean } = {}): Table {
    return gridTable(this, this.range(options, "toArrow"), options);
  }
}
