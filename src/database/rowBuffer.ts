// New rows kept column by column until they become a record batch: a value
// array per key instead of an object per row, which keeps the garbage
// collector out of long runs and lets each column be encoded in one go.

export class RowBuffer {
  /** Keys in the order they were first seen. */
  readonly keys: string[] = [];
  private readonly columns = new Map<string, unknown[]>();
  /** Position in the run of each stored row; rows may arrive in any order. */
  private readonly order: number[] = [];

  static of(rows: readonly Record<string, unknown>[]): RowBuffer {
    const buffer = new RowBuffer();
    rows.forEach((row, i) => buffer.push(row, i));
    return buffer;
  }

  get length(): number {
    return this.order.length;
  }

  push(row: Record<string, unknown>, position: number): void {
    const at = this.order.length;
    for (const key in row) {
      let column = this.columns.get(key);
      if (column === undefined) {
        column = [];
        this.columns.set(key, column);
        this.keys.push(key);
      }
      column[at] = row[key]; // a row without this key leaves a hole: read as undefined
    }
    this.order.push(position);
  }

  /** The values of `key` in run order (undefined where a row lacks it). */
  column(key: string): unknown[] {
    const column = this.columns.get(key) ?? [];
    return this.runOrder().map((at) => column[at]);
  }

  /** Values of `key` as stored (arrival order), for scans where order does not matter. */
  values(key: string): readonly unknown[] {
    return this.columns.get(key) ?? [];
  }

  private sorted: number[] | undefined;

  /** The stored rows' numbers, sorted by their position in the run. */
  private runOrder(): number[] {
    if (this.sorted?.length !== this.order.length) {
      this.sorted = Array.from(this.order.keys()).sort((a, b) => this.order[a]! - this.order[b]!);
    }
    return this.sorted;
  }
}
