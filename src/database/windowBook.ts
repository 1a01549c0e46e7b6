// The book-keeping columns of one window of a run's tasks (run.ts), made in
// bulk by the plan: entry k belongs to the window's task k. While a
// window's rows arrive in task order (a serial run), these columns are the
// rows' own, and the record batch takes them from here: no book object is
// read back per row, and hashes and ids that came from the core as bytes
// are not encoded again. A grid's window also gives its parameter columns,
// gathered from the grid's axes instead of from the pset objects.

export interface WindowBookParts {
  /** Task number (`index`) of the window's task 0. */
  readonly first: number;
  readonly hashes: readonly string[];
  /** The hashes' bytes end to end, 40 per task, when the core made them so. */
  readonly hashBytes?: Uint8Array;
  readonly ids: readonly string[];
  /** The ids' bytes end to end, 36 per task, when the core made them so. */
  readonly idBytes?: Uint8Array;
  readonly runSeq: number;
  /** _pset_seq of task 0; task k has firstPsetSeq + k. */
  readonly firstPsetSeq: number;
  readonly runId: string;
  readonly calcDir: string;
  /** The values of parameter `key` of tasks 0..count-1, when they are at hand without the psets (a grid); else undefined. */
  readonly psetColumn?: (key: string, count: number) => unknown[] | undefined;
  /** The window's psets as a range of a grid, when they are one (no pset skipped): the log's plan states only that. */
  readonly grid?: GridRange;
}

/** Psets start..start+count-1 of a grid (see gridCore.ts): pset i has, per key, values[digit of i on the key's axis]. */
export interface GridRange {
  readonly shape: readonly number[];
  readonly start: number;
  readonly keys: readonly { readonly name: string; readonly axis: number; readonly values: readonly unknown[] }[];
}

export class WindowBook {
  constructor(readonly parts: WindowBookParts) {}

  get first(): number {
    return this.parts.first;
  }

  /** The values of column `key` of tasks 0..count-1 when the window has them, else undefined. */
  column(key: string, count: number): unknown[] | undefined {
    const p = this.parts;
    switch (key) {
      case "_pset_hash":
        return p.hashes.slice(0, count);
      case "_pset_id":
        return p.ids.slice(0, count);
      case "_run_seq":
        return new Array<number>(count).fill(p.runSeq);
      case "_pset_seq": {
        const values = new Array<number>(count);
        for (let i = 0; i < count; i++) values[i] = p.firstPsetSeq + i;
        return values;
      }
      case "_run_id":
        return new Array<string>(count).fill(p.runId);
      case "_calc_dir":
        return new Array<string>(count).fill(p.calcDir);
      default:
        return p.psetColumn?.(key, count);
    }
  }

  /** The UTF-8 bytes of text column `key` of tasks 0..count-1, `width` per task, when the window holds them. */
  fixedWidthText(key: string, count: number): { bytes: Uint8Array; width: number } | undefined {
    const p = this.parts;
    const [bytes, width] =
      key === "_pset_hash" ? [p.hashBytes, 40] : key === "_pset_id" ? [p.idBytes, 36] : [undefined, 0];
    return bytes === undefined ? undefined : { bytes: bytes.subarray(0, width * count), width };
  }
}
