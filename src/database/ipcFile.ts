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
//
// A journal must prove that it belongs to the file before it is applied (a
// database restored from a backup or copied over a crashed one must not be
// cut to another file's length): it holds a fingerprint of the part of the
// file the append keeps (SHA-1 of its first and last 64 KiB) and of the bytes
// the append writes (SHA-1 of their last 64 KiB, which hold the new footer).
// One that does not match is set aside by the store.

import type { RecordBatch, RecordBatchFileWriter, Table } from "apache-arrow";
import type { Footer } from "apache-arrow/ipc/metadata/file";
import { arrow, arrowIpc } from "../arrow/loadArrow.js";
import { tableWithSeqMax, withSeqMax } from "./seqMax.js";
import { PsweepError } from "../errors.js";
import type { FileHandle, FileSystem } from "../runtime.js";
import { sha1HexOfBytes } from "../core/sha1.js";
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

/** Reads `length` bytes at `position` (fewer at the end of the file). */
type ReadAt = (length: number, position: number) => Uint8Array;

export function readTail(handle: Pick<FileHandle, "size" | "readAt">): Tail {
  const size = handle.size();
  if (size < 22) throw new Error("too short for an Arrow IPC file");
  const end = handle.readAt(10, size - 10);
  if (!sameBytes(end.subarray(4), MAGIC)) throw new Error("not an Arrow IPC file (no magic at its end)");
  const footerLength = new DataView(end.buffer, end.byteOffset, 4).getInt32(0, true);
  const footerStart = size - 10 - footerLength;
  if (footerLength <= 0 || footerStart < 8)
    throw new Error(`a footer length (${footerLength}) that does not fit the file`);
  const footer = arrowIpc().Footer.decode(handle.readAt(footerLength, footerStart));
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
function continuationWriter(tail: Tail): RecordBatchFileWriter {
  // A class made on first use: its base class is apache-arrow's, loaded on first use (loadArrow.ts).
  ContinuationWriter ??= class extends arrow().RecordBatchFileWriter {
    constructor(private readonly tail: Tail) {
      super();
    }

    protected override _writeSchema(): this {
      const { FileBlock } = arrowIpc();
      this._position = this.tail.dataEnd;
      this._recordBatchBlocks = [...this.tail.footer.recordBatches()].map(
        (block) => new FileBlock(block.metaDataLength, block.bodyLength, block.offset),
      );
      return this;
    }
  };
  return new ContinuationWriter(tail);
}
let ContinuationWriter: (new (tail: Tail) => RecordBatchFileWriter) | undefined;

/**
 * Whether `batches` can be appended in place: the file's schema must equal
 * theirs (same columns, types and metadata) and it must have no dictionaries.
 */
export async function canAppend(fs: FileSystem, path: string, schemaJson: string): Promise<boolean> {
  const handle = await fs.open(path);
  try {
    const { footer } = readTail(handle);
    return footer.numDictionaries === 0 && schemaSignature(footer.schema) === schemaJson;
  } catch {
    return false; // a tail this code cannot continue: the file is written anew
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
export async function appendToIpcFile(
  fs: FileSystem,
  path: string,
  journal: string,
  batches: readonly RecordBatch[],
): Promise<void> {
  const handle = await fs.open(path);
  try {
    const size = handle.size();
    const tail = readTail(handle);
    const writer = continuationWriter(tail);
    for (const batch of batches) writer.write(withSeqMax(batch));
    writer.finish();
    const bytes = writer.toUint8Array(true);

    const { dataEnd } = tail;
    const header: JournalHeader = {
      size,
      dataEnd,
      head: headPrint((length, position) => handle.readAt(length, position), dataEnd),
      newSize: dataEnd + bytes.length,
      newTail: lastBytesPrint(bytes.length, (length, position) => bytes.subarray(position, position + length)),
    };
    await writeFileAtomically(
      fs,
      journal,
      concat(encoder.encode(`${JSON.stringify(header)}\n`), handle.readAt(size - dataEnd, dataEnd)),
    );
    handle.writeAt(bytes, tail.dataEnd);
    handle.truncate(tail.dataEnd + bytes.length);
    await handle.sync();
  } finally {
    handle.close();
  }
  await fs.remove(journal);
  await fs.syncDir(dirname(journal));
}

/** The first line of a journal. Journals of the first release hold only `size` and `dataEnd`. */
interface JournalHeader {
  /** The file's size before the append. */
  readonly size: number;
  /** Where the append began writing: the file's bytes before it are kept. */
  readonly dataEnd: number;
  /** headPrint of the kept bytes. */
  readonly head?: string;
  /** The file's size after the append, and lastBytesPrint of the bytes it wrote from dataEnd on (they end with the new footer). */
  readonly newSize?: number;
  readonly newTail?: string;
}

export interface Journal extends JournalHeader {
  /** The file's bytes from dataEnd to its old end. */
  readonly tail: Uint8Array;
}

const PRINT_BYTES = 65536;

/** The `dataEnd` bytes of a file that an append keeps, in short: SHA-1 of their first and last 64 KiB. */
export function headPrint(readAt: ReadAt, dataEnd: number): string {
  const first = readAt(Math.min(PRINT_BYTES, dataEnd), 0);
  const last = readAt(Math.min(PRINT_BYTES, dataEnd), Math.max(0, dataEnd - PRINT_BYTES));
  return sha1HexOfBytes(concat(first, last));
}

/** SHA-1 of the last 64 KiB of `length` bytes read with `readAt`: bounds the cost of an append's fingerprints. */
function lastBytesPrint(length: number, readAt: ReadAt): string {
  const n = Math.min(PRINT_BYTES, length);
  return sha1HexOfBytes(readAt(n, length - n));
}

function parseJournal(bytes: Uint8Array): Journal | undefined {
  const newline = bytes.indexOf(10);
  if (newline < 0) return undefined;
  try {
    const header = JSON.parse(decoder.decode(bytes.subarray(0, newline))) as JournalHeader;
    const { size, dataEnd } = header;
    const tail = bytes.subarray(newline + 1);
    if (!Number.isInteger(size) || !Number.isInteger(dataEnd) || dataEnd < 8 || tail.length !== size - dataEnd)
      return undefined;
    return { ...header, tail };
  } catch {
    return undefined;
  }
}

/**
 * What to do with the journal `bytes` for a file of `size` bytes read with
 * `readAt`: "undo" puts its tail back; "drop" removes it (there is nothing to
 * undo); "foreign" means it does not belong to this file (or is damaged) and
 * must not be applied.
 */
export type JournalVerdict =
  { readonly kind: "undo"; readonly journal: Journal } | { readonly kind: "drop" | "foreign"; readonly why: string };

export function judgeJournal(bytes: Uint8Array, size: number, readAt: ReadAt): JournalVerdict {
  const journal = parseJournal(bytes);
  // A journal is written whole (a temporary file, synced, renamed): one that does not read is damaged.
  if (journal === undefined) return { kind: "foreign", why: "it does not read as a journal" };
  const { dataEnd } = journal;
  if (size < dataEnd)
    return { kind: "foreign", why: `the file is ${size} bytes, shorter than the ${dataEnd} bytes the append kept` };
  if (journal.head !== undefined && headPrint(readAt, dataEnd) !== journal.head) {
    return { kind: "foreign", why: "the file's first bytes are not those of the file the append was made to" };
  }
  if (size === journal.size && sameBytes(readAt(size - dataEnd, dataEnd), journal.tail))
    return { kind: "drop", why: "the append never began" };
  if (
    size === journal.newSize &&
    lastBytesPrint(size - dataEnd, (length, position) => readAt(length, dataEnd + position)) === journal.newTail
  ) {
    return { kind: "undo", journal };
  }
  // Neither before nor after the append: an append cut short leaves a file
  // that does not read; one that does is another file that shares the kept bytes.
  if (isWholeIpcFile(size, readAt))
    return {
      kind: "foreign",
      why: "the file is a whole Arrow IPC file, neither the one before the append nor the one after it",
    };
  return { kind: "undo", journal };
}

/**
 * Whether the file reads as a whole: a tail whose footer lists batches that
 * lie before it, and every message readable (an append cut short can leave
 * the old footer's end in place, after new bytes that do not read).
 */
function isWholeIpcFile(size: number, readAt: ReadAt): boolean {
  try {
    const { dataEnd, footer } = readTail({ size: () => size, readAt });
    for (const block of footer.recordBatches()) {
      if (Number(block.offset) < 8 || Number(block.offset) + block.metaDataLength + Number(block.bodyLength) > dataEnd)
        return false;
    }
    const bytes = readAt(size, 0);
    if (!sameBytes(bytes.subarray(0, 6), MAGIC)) return false;
    arrow().tableFromIPC(bytes); // only after a crash: reading the whole file is worth it here
    return true;
  } catch {
    return false;
  }
}

/** Puts the saved tail back into the file at `path`, on disk. */
export async function undoAppend(fs: FileSystem, path: string, journal: Journal): Promise<void> {
  const handle = await fs.open(path);
  try {
    handle.writeAt(journal.tail, journal.dataEnd);
    handle.truncate(journal.size);
    await handle.sync();
  } finally {
    handle.close();
  }
}

/** The file's bytes as they were before an append that was cut short (for reading without writing). */
export function withJournalUndone(file: Uint8Array, verdict: JournalVerdict): Uint8Array {
  if (verdict.kind !== "undo") return file;
  return concat(file.subarray(0, verdict.journal.dataEnd), verdict.journal.tail);
}

/** The size of a file and the SHA-1 of its last 64 KiB (which hold its footer): what a write-ahead log is stamped with. */
export function fileStamp(size: number, readAt: ReadAt): { size: number; tail: string } {
  return size === 0 ? { size, tail: "" } : { size, tail: lastBytesPrint(size, readAt) };
}

/** Writes `table` as a new IPC file that replaces `path` atomically. */
export async function writeIpcFileAtomically(fs: FileSystem, path: string, table: Table): Promise<void> {
  await writeFileAtomically(fs, path, arrow().tableToIPC(tableWithSeqMax(table), "file"));
}

/** The table in an Arrow IPC file; an error when the bytes are not one (apache-arrow would give an empty table). */
export function readIpcFile(bytes: Uint8Array, path: string): Table {
  if (
    bytes.length < 12 ||
    !sameBytes(bytes.subarray(0, 6), MAGIC) ||
    !sameBytes(bytes.subarray(bytes.length - 6), MAGIC)
  ) {
    throw new PsweepError(
      `${path} is not an Arrow IPC file (no "ARROW1" at its start and end); give the path of a database such as calc/database.arrow`,
    );
  }
  try {
    return arrow().tableFromIPC(bytes);
  } catch (error) {
    throw new PsweepError(
      `${path} is damaged: its bytes between the "ARROW1" marks do not read as Arrow (${(error as Error).message}). ` +
        "Nothing was changed; restore it from a backup (see run's backup option), or move it away to start a new database",
      { cause: error },
    );
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
