// The write-ahead log of one run: every finished row is written to it at
// once (one write call, so it survives the process being killed the next
// instant) and synced to the disk at least once a second. It is JSON lines:
//
//   {"psweep_wal":1}                  first line
//   {"columns":["a",...],"roles":["pset",...]}  the keys of the rows that follow
//   [1,"3f0c...",...]                 a row: one cell per column
//
// A cell is a value as util/jsonCell.ts writes it. A last line without its
// newline (a write cut short by power loss) is ignored.

import type { FileHandle, FileSystem } from "../runtime.js";
import { cellFromJson, cellText } from "../util/jsonCell.js";
import type { Role } from "./schema.js";

type RoleOf = (key: string) => Role;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const SYNC_INTERVAL_MS = 1000;

export class WalWriter {
  private columns: string[] = [];
  private readonly lastValues: unknown[] = [];
  private readonly lastTexts: (string | undefined)[] = [];
  private position: number;
  private lastSync = performance.now();
  private syncing: Promise<void> | undefined;

  private constructor(
    private readonly handle: FileHandle,
    private readonly roleOf: RoleOf,
  ) {
    this.position = handle.size();
  }

  static async create(fs: FileSystem, path: string, roleOf: RoleOf): Promise<WalWriter> {
    const writer = new WalWriter(await fs.open(path), roleOf);
    if (writer.position === 0) writer.write('{"psweep_wal":1}\n');
    return writer;
  }

  append(row: Record<string, unknown>): void {
    const keys = Object.keys(row);
    let text = "";
    if (!sameKeys(keys, this.columns)) {
      this.columns = keys;
      this.lastTexts.length = 0;
      text += `${JSON.stringify({ columns: keys, roles: keys.map(this.roleOf) })}\n`;
    }
    text += "[";
    for (let i = 0; i < keys.length; i++) {
      // Many cells repeat from row to row (_run_id, _calc_dir, ...): encode those once.
      const value = row[keys[i]!];
      if (value !== this.lastValues[i] || this.lastTexts[i] === undefined) {
        this.lastValues[i] = value;
        this.lastTexts[i] = cellText(value);
      }
      text += (i > 0 ? "," : "") + this.lastTexts[i]!;
    }
    this.write(`${text}]\n`);
    if (performance.now() - this.lastSync > SYNC_INTERVAL_MS && this.syncing === undefined) {
      this.lastSync = performance.now();
      this.syncing = this.handle.sync().finally(() => (this.syncing = undefined));
    }
  }

  /** Makes every appended row durable. */
  async sync(): Promise<void> {
    await this.syncing;
    await this.handle.sync();
    this.lastSync = performance.now();
  }

  async close(): Promise<void> {
    await this.syncing;
    this.handle.close();
  }

  /** Reused for every line: a row costs no allocation to encode. */
  private scratch = new Uint8Array(4096);

  private write(text: string): void {
    if (text.length * 3 > this.scratch.length) this.scratch = new Uint8Array(text.length * 3);
    const { written } = encoder.encodeInto(text, this.scratch);
    this.handle.writeAt(this.scratch.subarray(0, written), this.position);
    this.position += written;
  }
}

/** The rows of a log, in the order they were written, and the role of each key. */
export function parseWal(bytes: Uint8Array): { rows: Record<string, unknown>[]; roles: Map<string, Role> } {
  const text = decoder.decode(bytes);
  const end = text.lastIndexOf("\n");
  const lines = text.slice(0, end + 1).split("\n");
  const rows: Record<string, unknown>[] = [];
  const roles = new Map<string, Role>();
  let columns: string[] = [];
  for (const line of lines) {
    if (line === "") continue;
    const parsed = JSON.parse(line) as unknown;
    if (Array.isArray(parsed)) {
      const row: Record<string, unknown> = {};
      columns.forEach((key, i) => Object.defineProperty(row, key, { value: cellFromJson(parsed[i]), enumerable: true, writable: true, configurable: true }));
      rows.push(row);
    } else if (parsed !== null && typeof parsed === "object" && "columns" in parsed) {
      const header = parsed as { columns: string[]; roles: Role[] };
      columns = header.columns;
      columns.forEach((key, i) => roles.set(key, header.roles[i]!));
    }
  }
  return { rows, roles };
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}
