// database.arrow is an Arrow IPC file: magic, record batch messages, an
// end-of-stream marker, a footer listing every batch, the footer's length and
// magic again. Appending rewrites only the tail: new batches go where the
// old end-of-stream marker and footer were, followed by a footer listing old
// and new batches. So an append costs in proportion to the new rows.
//
// It is made crash-safe with a journal: before the tail is overwritten, the
// old tail and the old length are saved next to the file and synced; after
// the new tail is synced, the journal is removed. A journal found later means
// an append was cut short: putting the old tail back restores the file as it
// was before (its rows are still in the write-ahead log).

import { RecordBatchFileWriter, tableFromIPC, tableToIPC, type RecordBatch, type Table } from "apache-arrow";
import { FileBlock, Footer } from "apache-arrow/ipc/metadata/file";
import { registerDecoders } from "../arrow/codecs.js";
import { PsweepError } from "../errors.js";
import type { FileHandle, FileSystem } from "../runtime.js";
import { dirname } from "../util/path.js";
import { writeFileAtomically } from "../util/writeFileAtomically.js";

const MAGIC = new TextEncoder().encode("ARROW1");
const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface Tail {
  /** Where the old batches end: the new ones are written from here. */
  readonly dataEnd: number;
  readonly footer: Footer;
}

function readTail(handle: FileHandle): Tail {
  const size = handle.size();
  const end = handle.readAt(10, size - 10);
  if (size < 22 || !sameBytes(end.subarray(4), MAGIC)) throw new Error("not an Arrow IPC file (no magic at its end)");
  const footerLength = new DataView(end.buffer, end.byteOffset, 4).getInt32(0, true);
  const footerStart = size - 10 - footerLength;
  const footer = Footer.decode(handle.readAt(footerLength, footerStart));
  // Writers put an end-of-stream marker (0xFFFFFFFF 0x00000000) before the footer.
  const marker = handle.readAt(8, footerStart - 8);
  const view = new DataView(marker.buffer, marker.byteOffset, 8);
  const hasMarker = view.getInt32(0, true) === -1 && view.getInt32(4, true) === 0;
  return { dataEnd: hasMarker ? footerStart - 8 : footerStart, footer };
}

/**
 * Serializes batches to follow the batches of an existing file: no leading
 * magic, positions continuing at `dataEnd`, a footer listing the old blocks
 * and the new ones.
 */
class ContinuationWriter extends RecordBatchFileWriter {
  constructor(private readonly tail: Tail) {
    super();
  }

  protected override _writeSchema(): this {
    this._position = this.tail.dataEnd;
    this._recordBatchBlocks = [...this.tail.footer.recordBatches()].map(
      (block) => new FileBlock(block.metaDataLength, block.bodyLength, block.offset),
    );
    return this;
  }
}

/**
 * Whether `batches` can be appended in place: the file's schema must equal
 * theirs (same columns, types and metadata) and it must have no dictionaries.
 */
export async function canAppend(fs: FileSystem, path: string, schemaJson: string): Promise<boolean> {
  const handle = await fs.open(path);
  try {
    const { footer } = readTail(handle);
    return footer.numDictionaries === 0 && schemaSignature(footer.schema) === schemaJson;
  } finally {
    handle.close();
  }
}

/** A comparable text of a schema: field names, types, nullability and metadata. */
export function schemaSignature(schema: Table["schema"]): string {
  return JSON.stringify([
    schema.fields.map((f) => [f.name, String(f.type), f.nullable, [...f.metadata].sort()]),
    [...schema.metadata].sort(),
  ]);
}

/** Appends `batches` to the IPC file at `path` in place, journaled (see top). */
export async function appendToIpcFile(fs: FileSystem, path: string, journal: string, batches: readonly RecordBatch[]): Promise<void> {
  const handle = await fs.open(path);
  try {
    const size = handle.size();
    const tail = readTail(handle);
    const writer = new ContinuationWriter(tail);
    for (const batch of batches) writer.write(batch);
    writer.finish();
    const bytes = writer.toUint8Array(true);

    await writeFileAtomically(fs, journal, concat(encoder.encode(`${JSON.stringify({ size, dataEnd: tail.dataEnd })}\n`), handle.readAt(size - tail.dataEnd, tail.dataEnd)));
    handle.writeAt(bytes, tail.dataEnd);
    handle.truncate(tail.dataEnd + bytes.length);
    await handle.sync();
  } finally {
    handle.close();
  }
  await fs.remove(journal);
  await fs.syncDir(dirname(journal));
}

interface Journal {
  readonly size: number;
  readonly dataEnd: number;
  readonly tail: Uint8Array;
}

function parseJournal(bytes: Uint8Array): Journal | undefined {
  const newline = bytes.indexOf(10);
  if (newline < 0) return undefined; // cut short before it was synced: the file was not touched yet
  try {
    const { size, dataEnd } = JSON.parse(decoder.decode(bytes.subarray(0, newline))) as { size: number; dataEnd: number };
    const tail = bytes.subarray(newline + 1);
    return tail.length === size - dataEnd ? { size, dataEnd, tail } : undefined;
  } catch {
    return undefined;
  }
}

/** Puts back the tail saved by an append that was cut short, on disk. */
export async function undoInterruptedAppend(fs: FileSystem, path: string, journal: string): Promise<void> {
  if ((await fs.stat(journal)) === null) return;
  const saved = parseJournal(await fs.readFile(journal));
  if (saved !== undefined) {
    const handle = await fs.open(path);
    try {
      handle.writeAt(saved.tail, saved.dataEnd);
      handle.truncate(saved.size);
      await handle.sync();
    } finally {
      handle.close();
    }
  }
  await fs.remove(journal);
  await fs.syncDir(dirname(journal));
}

/** The file's bytes as they were before an append that was cut short (for reading without writing). */
export function withJournalUndone(file: Uint8Array, journal: Uint8Array | undefined): Uint8Array {
  const saved = journal && parseJournal(journal);
  if (!saved) return file;
  return concat(file.subarray(0, saved.dataEnd), saved.tail);
}

/** Writes `table` as a new IPC file that replaces `path` atomically. */
export async function writeIpcFileAtomically(fs: FileSystem, path: string, table: Table): Promise<void> {
  await writeFileAtomically(fs, path, tableToIPC(table, "file"));
}

/** The table in an Arrow IPC file; an error when the bytes are not one (apache-arrow would give an empty table). */
export function readIpcFile(bytes: Uint8Array, path: string): Table {
  if (bytes.length < 12 || !sameBytes(bytes.subarray(0, 6), MAGIC) || !sameBytes(bytes.subarray(bytes.length - 6), MAGIC)) {
    throw new PsweepError(`${path} is not an Arrow IPC file (no "ARROW1" at its start and end); give the path of a database such as calc/database.arrow`);
  }
  registerDecoders();
  try {
    return tableFromIPC(bytes);
  } catch (error) {
    // apache-arrow's own errors (an unknown codec, damaged buffers) named with the file.
    throw new PsweepError(`${path} cannot be read as an Arrow IPC file: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
