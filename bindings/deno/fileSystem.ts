// FileSystem on Deno's own file API.

import type { FileHandle, FileInfo, FileSystem } from "../../src/runtime.js";
import type { DenoFsFile, DenoNamespace } from "./deno.js";

declare const Deno: DenoNamespace;

const encoder = new TextEncoder();

export const denoFileSystem: FileSystem = {
  readFile: (path) => Deno.readFile(path),
  readIntoSync(path, into) {
    let file: DenoFsFile;
    try {
      file = Deno.openSync(path, { read: true });
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return null;
      throw error;
    }
    try {
      return readFully(file, into);
    } finally {
      file.close();
    }
  },
  async writeFile(path, data, options = {}) {
    const bytes = typeof data === "string" ? encoder.encode(data) : data;
    try {
      await Deno.writeFile(path, bytes, { createNew: options.exclusive === true });
    } catch (error) {
      if (error instanceof Deno.errors.AlreadyExists && (error as { code?: unknown }).code !== "EEXIST") {
        // Lock files test `code === "EEXIST"`, as on Node.
        throw Object.assign(new Error(`EEXIST: file already exists, open '${path}'`, { cause: error }), {
          code: "EEXIST",
        });
      }
      throw error;
    }
  },
  async open(path) {
    return openHandle(path);
  },
  async stat(path) {
    try {
      const info = await Deno.lstat(path);
      const kind: FileInfo["kind"] = info.isFile
        ? "file"
        : info.isDirectory
          ? "directory"
          : info.isSymlink
            ? "symlink"
            : "other";
      return { kind, size: info.size };
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return null;
      throw error;
    }
  },
  async mkdir(path) {
    await Deno.mkdir(path, { recursive: true });
  },
  async readDir(path) {
    const names: string[] = [];
    for await (const entry of Deno.readDir(path)) names.push(entry.name);
    return names.sort();
  },
  rename: (from, to) => Deno.rename(from, to),
  async remove(path) {
    try {
      await Deno.remove(path, { recursive: true });
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  },
  readLink: (path) => Deno.readLink(path),
  symlink: (target, path) => Deno.symlink(target, path),
  copyFile: (from, to) => Deno.copyFile(from, to),
  async modifiedAt(path) {
    try {
      return (await Deno.lstat(path)).mtime?.getTime() ?? null;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return null;
      throw error;
    }
  },
  async touch(path) {
    const now = new Date();
    await Deno.utime(path, now, now);
  },
  async syncDir(path) {
    // Deno opens a directory read-only like a file, and FsFile.sync() is
    // fsync(2) on that descriptor, which is what makes entries durable.
    const dir = await Deno.open(path, { read: true });
    try {
      await dir.sync();
    } finally {
      dir.close();
    }
  },
};

function openHandle(path: string): FileHandle {
  const file = Deno.openSync(path, { read: true, write: true, create: true });
  const seek = (position: number) => file.seekSync(position, Deno.SeekMode.Start);
  const readInto = (into: Uint8Array, position: number): number => {
    seek(position);
    return readFully(file, into);
  };
  return {
    size: () => file.statSync().size,
    writeAt(data, position) {
      seek(position);
      let written = 0;
      while (written < data.length) written += file.writeSync(data.subarray(written));
    },
    readAt(length, position) {
      const buffer = new Uint8Array(length);
      return buffer.subarray(0, readInto(buffer, position));
    },
    readInto,
    truncate: (length) => file.truncateSync(length),
    sync: () => file.syncData(),
    close: () => file.close(),
  };
}

/** Reads from `file`'s position into `buffer` until it is full or the file ends; returns the bytes read. */
function readFully(file: DenoFsFile, buffer: Uint8Array): number {
  let read = 0;
  while (read < buffer.length) {
    const n = file.readSync(buffer.subarray(read));
    if (n === null || n === 0) break;
    read += n;
  }
  return read;
}
