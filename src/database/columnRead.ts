// Reading a few columns of a big database without reading the file: the
// footer lists every record batch; each batch's metadata says where each
// column's buffers lie in its body; only those buffers are read. run() needs
// the largest sequence numbers (and, for skipDups, the hashes) of the rows
// on disk, not their other columns: a run's cost then follows its own rows.

import type { Data, Field, RecordBatch, Schema, Table } from "apache-arrow";
import type { BufferRegion, FieldNode, RecordBatch as RecordBatchHeader } from "apache-arrow/ipc/metadata/message";
import type { VectorLoader } from "apache-arrow/visitor/vectorloader";
import { arrow, arrowIpc } from "../arrow/loadArrow.js";
import type { FileHandle } from "../runtime.js";
import { isNativeSchema } from "./schema.js";
import { readTail } from "./ipcFile.js";

type ReadBody = (length: number, offset: number) => Uint8Array;
type ColumnLoader = VectorLoader & { wanted: boolean };

/**
 * A loader that reads the buffers of the wanted columns only; the others get
 * empty buffers and are dropped. Its class is made on first use: its base
 * class is apache-arrow's, loaded on first use (loadArrow.ts).
 */
function columnLoader(readBody: ReadBody, nodes: FieldNode[], buffers: BufferRegion[]): ColumnLoader {
  ColumnLoaderClass ??= class extends arrowIpc().VectorLoader {
    wanted = false;

    constructor(
      private readonly readBody: ReadBody,
      nodes: FieldNode[],
      buffers: BufferRegion[],
    ) {
      super(new Uint8Array(0), nodes, buffers, new Map());
    }

    protected override readData<T extends Data["type"]>(
      _type: T,
      region: BufferRegion = this.nextBufferRange(),
    ): Uint8Array {
      return this.wanted && region.length > 0 ? this.readBody(region.length, region.offset) : new Uint8Array(0);
    }
  };
  return new ColumnLoaderClass(readBody, nodes, buffers);
}
let ColumnLoaderClass:
  (new (readBody: ReadBody, nodes: FieldNode[], buffers: BufferRegion[]) => ColumnLoader) | undefined;

/** The file's schema, as its footer gives it, or undefined when its tail does not read. */
export function schemaOfFile(handle: Pick<FileHandle, "size" | "readAt">): Schema | undefined {
  try {
    return readTail(handle).footer.schema;
  } catch {
    return undefined;
  }
}

/** The wanted columns of a file's record batches, read one batch at a time (see columnBatches). */
export interface ColumnBatches {
  readonly schema: Schema;
  /** Rows in all batches, from their headers. */
  readonly numRows: number;
  /** The batches in file order, each read when asked for. */
  readonly parts: readonly BatchPart[];
  /** Reads the batches in file order; only one needs to be in memory at a time. */
  batches(): Generator<RecordBatch>;
}

/** A record batch known from its header, its wanted columns read on request. */
export interface BatchPart {
  readonly numRows: number;
  /** The batch's own metadata (custom_metadata of its message), empty when it has none. */
  readonly metadata: ReadonlyMap<string, string>;
  read(): RecordBatch;
}

/**
 * The columns `names` (those the file has) of every row of the IPC file open
 * as `handle`, reading only their buffers, a batch at a time; undefined when
 * the file is not one psweep wrote as it writes (dictionaries, compression,
 * foreign types): the caller then reads it whole. Every batch header is read
 * and checked first, so that a file found unfit is found so before any batch
 * is handed out.
 *
 * `passing`: each batch is read into the buffers of the batch read before, so a
 * batch is only good until the next one is read. A pass over the sequence
 * numbers of 10^6 rows then allocates ~200 KB instead of 16 MB, which is
 * most of its cost (fresh memory, and the collector).
 */
export function columnBatches(
  handle: Pick<FileHandle, "size" | "readAt" | "readInto">,
  names: readonly string[],
  { passing = false }: { passing?: boolean } = {},
): ColumnBatches | undefined {
  let tail: ReturnType<typeof readTail>;
  try {
    tail = readTail(handle);
  } catch {
    return undefined;
  }
  const { footer } = tail;
  const schema = footer.schema;
  if (footer.numDictionaries > 0 || !isNativeSchema(schema)) return undefined;
  const { RecordBatch, Schema, Struct, makeData } = arrow();
  const { Message } = arrowIpc();
  const wanted = schema.fields.filter((field) => names.includes(field.name));
  const subSchema = new Schema(wanted, schema.metadata);
  const headers: { header: RecordBatchHeader; bodyStart: number; metadata: Map<string, string> }[] = [];
  for (const block of footer.recordBatches()) {
    const offset = Number(block.offset);
    const meta = handle.readAt(block.metaDataLength, offset);
    const view = new DataView(meta.buffer, meta.byteOffset, meta.byteLength);
    // Since Arrow 0.15 a message starts with 0xFFFFFFFF, then its length.
    const continued = view.getInt32(0, true) === -1;
    const length = view.getInt32(continued ? 4 : 0, true);
    const start = continued ? 8 : 4;
    const message = Message.decode(meta.subarray(start, start + length));
    if (!message.isRecordBatch()) return undefined;
    const header = message.header() as RecordBatchHeader;
    if (header.compression !== null || header.length > 0x7fffffff) return undefined;
    headers.push({ header, bodyStart: offset + block.metaDataLength, metadata: message.metadata });
  }
  const reused = passing ? new ReusedBuffers(handle) : undefined;
  const parts = headers.map(({ header, bodyStart, metadata }): BatchPart => ({
    numRows: header.length,
    metadata,
    read() {
      reused?.nextBatch();
      const readBody: ReadBody = reused
        ? (n, at) => reused.read(n, bodyStart + at)
        : (n, at) => handle.readAt(n, bodyStart + at);
      const loader = columnLoader(readBody, header.nodes, header.buffers);
      const children: Data[] = [];
      for (const field of schema.fields) {
        loader.wanted = wanted.includes(field);
        const data = loader.visit(field as Field);
        if (loader.wanted) children.push(data);
      }
      const data = makeData({ type: new Struct(wanted), length: header.length, nullCount: 0, children });
      return new RecordBatch(subSchema, data, metadata);
    },
  }));
  return {
    schema: subSchema,
    numRows: headers.reduce((sum, { header }) => sum + header.length, 0),
    parts,
    *batches() {
      for (const part of parts) yield part.read();
    },
  };
}

/** The k-th buffer read of a batch goes to the k-th buffer of the batch before, grown when too small. */
class ReusedBuffers {
  private readonly buffers: Uint8Array[] = [];
  private next = 0;

  constructor(private readonly handle: Pick<FileHandle, "readInto">) {}

  nextBatch(): void {
    this.next = 0;
  }

  read(length: number, position: number): Uint8Array {
    let buffer = this.buffers[this.next];
    if (buffer === undefined || buffer.length < length) {
      // Room for a bigger batch later; a fresh buffer starts at offset 0, so 64-bit views need no copy.
      buffer = new Uint8Array(Math.max(length, 2 * (buffer?.length ?? 0)));
      this.buffers[this.next] = buffer;
    }
    this.next++;
    const into = buffer.subarray(0, length);
    return into.subarray(0, this.handle.readInto(into, position));
  }
}

/** columnBatches, all read into one table. */
export function readColumns(
  handle: Pick<FileHandle, "size" | "readAt" | "readInto">,
  names: readonly string[],
): Table | undefined {
  const read = columnBatches(handle, names);
  return read && new (arrow().Table)(read.schema, [...read.batches()]);
}
