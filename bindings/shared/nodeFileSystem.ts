// FileSystem on node:fs, used by node and bun: Bun implements node:fs
// natively. The Deno binding uses Deno's own file API instead
// (bindings/deno/fileSystem.ts).

import type { FileHandle, FileInfo, FileSystem } from "../../src/runtime.js";
import { builtin } from "./builtin.js";

/** node:fs when first used (on Bun it costs a pool worker 5-20 ms at start; see builtin.ts). */
const fs = (): typeof import("node:fs") => builtin("node:fs");

export const nodeFileSystem: FileSystem = {
  async readFile(path) {
    // A plain Uint8Array over the Buffer's own memory, not a copy: a copy
    // touches as many fresh pages again, which on a VM costs about as much
    // as reading the file (measured: 184 MB read 0.65-0.88 s, copied 1.0-1.3 s).
    const buffer = await fs().promises.readFile(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  },
  readIntoSync(path, into) {
    let fd: number;
    try {
      fd = fs().openSync(path, "r");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    try {
      return readFully(into, (at) => fs().readSync(fd, into, at, into.length - at, at));
    } finally {
      fs().closeSync(fd);
    }
  },
  async writeFile(path, data, options = {}) {
    await fs().promises.writeFile(path, data, { flag: options.exclusive ? "wx" : "w" });
  },
  async open(path) {
    return openHandle(path);
  },
  async stat(path) {
    try {
      const info = await fs().promises.lstat(path);
      const kind: FileInfo["kind"] = info.isFile()
        ? "file"
        : info.isDirectory()
          ? "directory"
          : info.isSymbolicLink()
            ? "symlink"
            : "other";
      return { kind, size: info.size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  },
  async mkdir(path) {
    await fs().promises.mkdir(path, { recursive: true });
  },
  async readDir(path) {
    return (await fs().promises.readdir(path)).sort();
  },
  async rename(from, to) {
    await fs().promises.rename(from, to);
  },
  async remove(path) {
    await fs().promises.rm(path, { recursive: true, force: true });
  },
  async readLink(path) {
    return fs().promises.readlink(path);
  },
  async symlink(target, path) {
    await fs().promises.symlink(target, path);
  },
  async copyFile(from, to) {
    await fs().promises.copyFile(from, to);
  },
  async modifiedAt(path) {
    try {
      return (await fs().promises.lstat(path)).mtimeMs;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  },
  async touch(path) {
    const now = new Date();
    await fs().promises.utimes(path, now, now);
  },
  async syncDir(path) {
    const fd = fs().openSync(path, "r");
    try {
      fs().fsyncSync(fd);
    } finally {
      fs().closeSync(fd);
    }
  },
};

function openHandle(path: string): FileHandle {
  // "a+" would force every write to the end; "r+" needs the file to exist.
  const fd = fs().openSync(path, fs().existsSync(path) ? "r+" : "w+");
  const readInto = (into: Uint8Array, position: number): number =>
    readFully(into, (at) => fs().readSync(fd, into, at, into.length - at, position + at));
  return {
    size: () => fs().fstatSync(fd).size,
    writeAt(data, position) {
      let written = 0;
      while (written < data.length)
        written += fs().writeSync(fd, data, written, data.length - written, position + written);
    },
    readAt(length, position) {
      const buffer = new Uint8Array(length);
      return buffer.subarray(0, readInto(buffer, position));
    },
    readInto,
    truncate: (length) => fs().ftruncateSync(fd, length),
    sync: () => new Promise((resolve, reject) => fs().fdatasync(fd, (error) => (error ? reject(error) : resolve()))),
    close: () => fs().closeSync(fd),
  };
}

/** Fills `buffer` from offset 0 by `readAt(offset)` calls until full or the end of the file; returns the bytes read. */
function readFully(buffer: Uint8Array, readAt: (offset: number) => number): number {
  let read = 0;
  while (read < buffer.length) {
    const n = readAt(read);
    if (n === 0) break;
    read += n;
  }
  return read;
}
