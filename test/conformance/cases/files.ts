// Runtime conformance cases for files (Runtime.fs): real files in a fresh
// temporary directory, checked independently with node:fs.

import { deepStrictEqual as same, strictEqual as equal, ok, rejects } from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Runtime } from "../../../src/runtime.js";
import type { Case } from "../suite.js";
import { bytes, inTempDir, utf8 } from "./helpers.js";

export function fileCases(runtime: Runtime): Case[] {
  return [
    {
      name: "fs: writeFile and readFile round-trip bytes and UTF-8 text; writeFile replaces",
      run: () =>
        inTempDir(async (dir) => {
          const file = path.join(dir, "bytes.bin");
          const all = new Uint8Array(256).map((_, i) => i);
          await runtime.fs.writeFile(file, all);
          same(new Uint8Array(fs.readFileSync(file)), all);
          const read = await runtime.fs.readFile(file);
          ok(read instanceof Uint8Array);
          same(new Uint8Array(read), all);

          const text = path.join(dir, "text.txt");
          await runtime.fs.writeFile(text, "äö€😀\nline 2\n");
          equal(fs.readFileSync(text, "utf8"), "äö€😀\nline 2\n");
          await runtime.fs.writeFile(text, "short");
          equal(fs.readFileSync(text, "utf8"), "short", "a shorter write replaces the whole file");
          await runtime.fs.writeFile(text, bytes());
          equal(fs.statSync(text).size, 0);
          await rejects(runtime.fs.readFile(path.join(dir, "missing")));
        }),
    },
    {
      name: "fs: readIntoSync reads a file's start into a buffer, synchronously; fewer bytes at its end; null when missing",
      run: () =>
        inTempDir(async (dir) => {
          const file = path.join(dir, "start.bin");
          const all = new Uint8Array(70_000).map((_, i) => (i * 7) % 256);
          fs.writeFileSync(file, all);
          const start = new Uint8Array(65_537);
          equal(runtime.fs.readIntoSync(file, start), 65_537);
          same(start, all.subarray(0, 65_537));
          const more = new Uint8Array(80_000).fill(9);
          equal(runtime.fs.readIntoSync(file, more), 70_000, "the bytes the file has");
          same(more.subarray(0, 70_000), all);
          equal(more[70_000], 9, "nothing written past them");
          equal(runtime.fs.readIntoSync(path.join(dir, "missing"), more), null);
          equal(fs.existsSync(path.join(dir, "missing")), false, "reading does not create the file");
        }),
    },
    {
      name: "fs: exclusive writeFile creates a new file, and on an existing one fails with EEXIST leaving it unchanged",
      run: () =>
        inTempDir(async (dir) => {
          const lock = path.join(dir, "lock");
          await runtime.fs.writeFile(lock, "first", { exclusive: true });
          equal(fs.readFileSync(lock, "utf8"), "first");
          await rejects(runtime.fs.writeFile(lock, "second", { exclusive: true }), (error: unknown) => {
            equal((error as { code?: unknown }).code, "EEXIST");
            ok(error instanceof Error);
            return true;
          });
          equal(fs.readFileSync(lock, "utf8"), "first");
          // A directory or a symlink at the path counts as existing too.
          fs.symlinkSync("nowhere", path.join(dir, "dangling"));
          await rejects(runtime.fs.writeFile(path.join(dir, "dangling"), "x", { exclusive: true }), { code: "EEXIST" });
          equal(fs.existsSync(path.join(dir, "nowhere")), false, "the symlink's target was not created");
          await rejects(runtime.fs.writeFile(dir, "x", { exclusive: true }), { code: "EEXIST" });
        }),
    },
    {
      name: "fs: open creates a missing file; writeAt, readAt, size, truncate, sync; reopening keeps the content",
      run: () =>
        inTempDir(async (dir) => {
          const file = path.join(dir, "rows.bin");
          const handle = await runtime.fs.open(file);
          equal(fs.statSync(file).size, 0, "created empty");
          equal(handle.size(), 0);
          handle.writeAt(utf8("hello"), 0);
          handle.writeAt(utf8("world"), 10); // leaves a gap of zero bytes
          equal(handle.size(), 15);
          // Writes are synchronous: another reader sees them at once, before sync or close.
          same(
            new Uint8Array(fs.readFileSync(file)),
            new Uint8Array([...utf8("hello"), 0, 0, 0, 0, 0, ...utf8("world")]),
          );
          handle.writeAt(utf8("HE"), 0); // overwrite in place, the rest stays
          same(handle.readAt(5, 0), utf8("HEllo"));
          same(handle.readAt(3, 4), bytes(0x6f, 0, 0));
          same(handle.readAt(100, 12), utf8("rld"), "fewer bytes at the end of the file");
          same(handle.readAt(4, 15), bytes(), "nothing past the end");
          const big = new Uint8Array(1 << 20).map((_, i) => i % 251);
          handle.writeAt(big, 15);
          equal(handle.size(), 15 + big.length);
          same(handle.readAt(big.length, 15), big);
          handle.truncate(7);
          equal(handle.size(), 7);
          equal(fs.statSync(file).size, 7);
          await handle.sync();
          handle.close();
          equal(fs.readFileSync(file, "latin1"), "HEllo\0\0");

          const again = await runtime.fs.open(file);
          equal(again.size(), 7, "opening an existing file does not truncate it");
          again.writeAt(utf8("!"), 7);
          again.close();
          equal(fs.readFileSync(file, "latin1"), "HEllo\0\0!");
        }),
    },
    {
      name: "fs: stat tells file, directory and symlink (not followed) apart, and is null when nothing is there",
      run: () =>
        inTempDir(async (dir) => {
          fs.writeFileSync(path.join(dir, "f"), "12345");
          fs.mkdirSync(path.join(dir, "d"));
          fs.symlinkSync("f", path.join(dir, "link"));
          fs.symlinkSync("d", path.join(dir, "dirlink"));
          fs.symlinkSync("missing", path.join(dir, "dangling"));
          same(await runtime.fs.stat(path.join(dir, "f")), { kind: "file", size: 5 });
          equal((await runtime.fs.stat(path.join(dir, "d")))?.kind, "directory");
          const link = await runtime.fs.stat(path.join(dir, "link"));
          same(link, { kind: "symlink", size: fs.lstatSync(path.join(dir, "link")).size });
          equal((await runtime.fs.stat(path.join(dir, "dirlink")))?.kind, "symlink");
          equal((await runtime.fs.stat(path.join(dir, "dangling")))?.kind, "symlink");
          equal(await runtime.fs.stat(path.join(dir, "missing")), null);
          equal(await runtime.fs.stat(path.join(dir, "no", "such", "path")), null);
        }),
    },
    {
      name: "fs: mkdir creates nested directories and accepts existing ones; readDir is sorted",
      run: () =>
        inTempDir(async (dir) => {
          const nested = path.join(dir, "a", "b", "c");
          await runtime.fs.mkdir(nested);
          ok(fs.statSync(nested).isDirectory());
          await runtime.fs.mkdir(nested);
          await runtime.fs.mkdir(dir);
          for (const name of ["b", "a10", "a9", "B", "ä", "_x", "c.txt"]) fs.writeFileSync(path.join(nested, name), "");
          fs.mkdirSync(path.join(nested, "sub"));
          fs.symlinkSync("b", path.join(nested, "l"));
          same(await runtime.fs.readDir(nested), ["B", "_x", "a10", "a9", "b", "c.txt", "l", "sub", "ä"]);
          same(await runtime.fs.readDir(path.join(dir, "a", "b")), ["c"]);
          same(await runtime.fs.readDir(path.join(nested, "sub")), []);
          await rejects(runtime.fs.readDir(path.join(dir, "missing")));
        }),
    },
    {
      name: "fs: rename moves a file and replaces the target",
      run: () =>
        inTempDir(async (dir) => {
          const from = path.join(dir, "new");
          const to = path.join(dir, "old");
          fs.writeFileSync(from, "new content");
          fs.writeFileSync(to, "old content, longer");
          await runtime.fs.rename(from, to);
          equal(fs.existsSync(from), false);
          equal(fs.readFileSync(to, "utf8"), "new content");
          fs.mkdirSync(path.join(dir, "d1"));
          fs.writeFileSync(path.join(dir, "d1", "x"), "x");
          await runtime.fs.rename(path.join(dir, "d1"), path.join(dir, "d2"));
          same(fs.readdirSync(dir).sort(), ["d2", "old"]);
          equal(fs.readFileSync(path.join(dir, "d2", "x"), "utf8"), "x");
          await rejects(runtime.fs.rename(path.join(dir, "missing"), path.join(dir, "y")));
        }),
    },
    {
      name: "fs: remove deletes a file or a whole tree (symlinks not followed) and accepts a missing path",
      run: () =>
        inTempDir(async (dir) => {
          const outside = path.join(dir, "outside");
          fs.mkdirSync(outside);
          fs.writeFileSync(path.join(outside, "keep"), "keep");
          const tree = path.join(dir, "tree");
          fs.mkdirSync(path.join(tree, "a", "b"), { recursive: true });
          fs.writeFileSync(path.join(tree, "a", "b", "f"), "f");
          fs.writeFileSync(path.join(tree, "g"), "g");
          fs.symlinkSync(outside, path.join(tree, "a", "to-outside"));
          await runtime.fs.remove(tree);
          equal(fs.existsSync(tree), false);
          equal(fs.readFileSync(path.join(outside, "keep"), "utf8"), "keep", "a symlink's target survives");
          await runtime.fs.remove(path.join(outside, "keep"));
          same(fs.readdirSync(outside), []);
          await runtime.fs.remove(path.join(dir, "missing"));
          await runtime.fs.remove(path.join(dir, "missing", "deeper"));
          same(fs.readdirSync(dir), ["outside"]);
        }),
    },
    {
      name: "fs: symlink and readLink; copyFile makes an independent copy; syncDir",
      run: () =>
        inTempDir(async (dir) => {
          fs.writeFileSync(path.join(dir, "target"), "data");
          await runtime.fs.symlink("target", path.join(dir, "rel"));
          await runtime.fs.symlink(path.join(dir, "target"), path.join(dir, "abs"));
          equal(fs.readlinkSync(path.join(dir, "rel")), "target");
          equal(await runtime.fs.readLink(path.join(dir, "rel")), "target");
          equal(await runtime.fs.readLink(path.join(dir, "abs")), path.join(dir, "target"));
          equal(fs.readFileSync(path.join(dir, "rel"), "utf8"), "data");
          await runtime.fs.symlink("missing", path.join(dir, "dangling"));
          equal(await runtime.fs.readLink(path.join(dir, "dangling")), "missing");
          await rejects(runtime.fs.symlink("x", path.join(dir, "rel")), "an existing path is not replaced");
          await rejects(runtime.fs.readLink(path.join(dir, "target")), "not a symlink");

          const data = new Uint8Array(100_000).map((_, i) => (i * 7) % 256);
          fs.writeFileSync(path.join(dir, "src"), data);
          await runtime.fs.copyFile(path.join(dir, "src"), path.join(dir, "copy"));
          same(new Uint8Array(fs.readFileSync(path.join(dir, "copy"))), data);
          ok(fs.lstatSync(path.join(dir, "copy")).isFile());
          fs.writeFileSync(path.join(dir, "copy"), "changed");
          same(new Uint8Array(fs.readFileSync(path.join(dir, "src"))), data, "the source is untouched");
          fs.writeFileSync(path.join(dir, "other"), "other");
          await runtime.fs.copyFile(path.join(dir, "other"), path.join(dir, "copy"));
          equal(fs.readFileSync(path.join(dir, "copy"), "utf8"), "other", "copyFile replaces the target");

          await runtime.fs.syncDir(dir);
          await rejects(runtime.fs.syncDir(path.join(dir, "missing")));
        }),
    },
  ];
}
