// Conformance cases for the Runtime object (src/runtime.ts) as users get it
// from the package: files, processes, stdio interception, async context.
// Run by main.ts under Bun and Deno and by conformance.test.ts under Node,
// so every binding has to show the same behaviour. Real files in a fresh
// temporary directory; results are checked independently with node:fs.
//
// Only node:assert, node:fs, node:os and node:path are used besides psweep:
// all three runtimes provide them.

import { deepStrictEqual as same, strictEqual as equal, ok, rejects } from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runtime, type Runtime } from "psweep";
import type { Case } from "./suite.js";

type StreamName = Parameters<Parameters<Runtime["stdio"]["intercept"]>[0]>[0];

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` in a fresh temporary directory and removes it afterwards. */
async function inTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "psweep-runtime-"));
  try {
    await fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Everything `fn` writes while intercepted, as [stream, text] pairs; the handler's answer is `consume`. */
function captured(fn: () => void, consume = true): Array<[StreamName, string]> {
  const seen: Array<[StreamName, string]> = [];
  const restore = runtime.stdio.intercept((stream, text) => {
    seen.push([stream, text]);
    return consume;
  });
  try {
    fn();
  } finally {
    restore();
  }
  return seen;
}

/** The repository root (where package.json makes "psweep" resolve to this package). */
const repoRoot = path.resolve(path.dirname(decodeURIComponent(new URL(import.meta.url).pathname)), "..", "..");

/** Shell command that runs an ES module text with the runtime of this process, from the repository root. */
function evalCommand(code: string): string {
  ok(!code.includes("'"), "the script is passed in single quotes");
  const exe = JSON.stringify(process.execPath);
  switch (runtime.name) {
    case "node":
      return `${exe} --input-type=module -e '${code}'`;
    case "bun":
      return `${exe} -e '${code}'`;
    case "deno":
      return `${exe} eval '${code}'`;
  }
}

export const runtimeCases: Case[] = [
  {
    name: "runtime: name, pid, hostname and cwd are this process'",
    run() {
      equal(runtime.process.pid, process.pid);
      equal(runtime.hostname(), os.hostname());
      equal(runtime.cwd(), process.cwd());
      ok(path.isAbsolute(runtime.cwd()));
    },
  },
  {
    name: "fs: writeFile and readFile round-trip bytes and UTF-8 text; writeFile replaces",
    run: () => inTempDir(async (dir) => {
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
    name: "fs: exclusive writeFile creates a new file, and on an existing one fails with EEXIST leaving it unchanged",
    run: () => inTempDir(async (dir) => {
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
    run: () => inTempDir(async (dir) => {
      const file = path.join(dir, "rows.bin");
      const handle = await runtime.fs.open(file);
      equal(fs.statSync(file).size, 0, "created empty");
      equal(handle.size(), 0);
      handle.writeAt(utf8("hello"), 0);
      handle.writeAt(utf8("world"), 10); // leaves a gap of zero bytes
      equal(handle.size(), 15);
      // Writes are synchronous: another reader sees them at once, before sync or close.
      same(new Uint8Array(fs.readFileSync(file)), new Uint8Array([...utf8("hello"), 0, 0, 0, 0, 0, ...utf8("world")]));
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
    run: () => inTempDir(async (dir) => {
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
    run: () => inTempDir(async (dir) => {
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
    run: () => inTempDir(async (dir) => {
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
    run: () => inTempDir(async (dir) => {
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
    run: () => inTempDir(async (dir) => {
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
  {
    name: "process.exec: status, stdout and stderr in arrival order, cwd, UTF-8",
    run: () => inTempDir(async (dir) => {
      same(await runtime.process.exec("echo hello"), { status: 0, output: "hello\n" });
      const mixed = await runtime.process.exec("echo out; echo err 1>&2; exit 3");
      equal(mixed.status, 3);
      same(mixed.output.split("\n").sort(), ["", "err", "out"]);
      const ordered = await runtime.process.exec("echo 1; sleep 0.2; echo 2 1>&2; sleep 0.2; echo 3; sleep 0.2; echo 4 1>&2");
      same(ordered, { status: 0, output: "1\n2\n3\n4\n" });
      equal((await runtime.process.exec("pwd", { cwd: dir })).output, `${fs.realpathSync(dir)}\n`);
      equal((await runtime.process.exec("printf 'äö€😀'")).output, "äö€😀");
      const long = await runtime.process.exec("i=0; while [ $i -lt 20000 ]; do echo line $i; i=$((i+1)); done");
      equal(long.output.split("\n").length, 20001);
      equal(long.output.split("\n")[19999], "line 19999");
      equal((await runtime.process.exec("exit 255")).status, 255);
      same(await runtime.process.exec("cat", {}), { status: 0, output: "" }, "stdin is empty, not inherited");
      await rejects(runtime.process.exec("true", { cwd: path.join(dir, "missing") }), "a missing cwd is an error, not a status");
    }),
  },
  {
    name: "process.exec: a process killed by signal n has status 128 + n",
    async run() {
      equal((await runtime.process.exec("kill -9 $$")).status, 137);
      equal((await runtime.process.exec("kill -15 $$")).status, 143);
      equal((await runtime.process.exec("echo before; kill -9 $$")).output, "before\n");
    },
  },
  {
    name: "process.isAlive: true for this process, false for a child that has finished",
    async run() {
      equal(runtime.process.isAlive(runtime.process.pid), true);
      const child = await runtime.process.exec("echo $$");
      const pid = Number(child.output.trim());
      ok(Number.isInteger(pid) && pid > 0 && pid !== runtime.process.pid);
      equal(runtime.process.isAlive(pid), false);
      equal(runtime.process.isAlive(2 ** 22 + 12345), false, "beyond Linux's largest pid");
    },
  },
  {
    name: "process.isAlive: a running child is alive until it exits",
    run: () => inTempDir(async (dir) => {
      const pidFile = path.join(dir, "pid");
      const running = runtime.process.exec(`echo $$ > ${JSON.stringify(pidFile)}; sleep 0.5`);
      let pid = 0;
      for (let i = 0; i < 200 && !pid; i++) {
        await sleep(10);
        if (fs.existsSync(pidFile)) pid = Number(fs.readFileSync(pidFile, "utf8").trim());
      }
      ok(pid > 0, "the child wrote its pid");
      equal(runtime.process.isAlive(pid), true);
      equal((await running).status, 0);
      equal(runtime.process.isAlive(pid), false);
    }),
  },
  {
    name: "async context: follows await and timers, isolated between concurrent runs",
    async run() {
      const context = runtime.createAsyncContext<string>();
      equal(context.get(), undefined);
      const task = (value: string, delay: number) => context.run(value, async () => {
        const seen = [context.get()];
        await sleep(delay);
        seen.push(context.get());
        await new Promise<void>((resolve) => setTimeout(() => {
          seen.push(context.get());
          resolve();
        }, delay));
        await Promise.resolve().then(() => seen.push(context.get()));
        seen.push(await context.run(`${value}/inner`, async () => {
          await sleep(1);
          return context.get()!;
        }));
        seen.push(context.get());
        return seen;
      });
      const [a, b] = await Promise.all([task("a", 30), task("b", 10)]);
      same(a, ["a", "a", "a", "a", "a/inner", "a"]);
      same(b, ["b", "b", "b", "b", "b/inner", "b"]);
      equal(context.get(), undefined, "nothing leaks out of run");
      equal(context.run("sync", () => context.get()), "sync");
      const other = runtime.createAsyncContext<number>();
      context.run("x", () => other.run(1, () => {
        equal(context.get(), "x");
        equal(other.get(), 1);
      }));
    },
  },
  {
    name: "stdio.intercept: console.* and process.stdout/stderr.write reach the handler, as Node's console prints them",
    run() {
      const seen = captured(() => {
        console.log("a", 1);
        process.stdout.write("b");
        process.stdout.write(utf8("bytes ä\n"));
        console.info("info %d%%", 5);
        console.debug({ x: [1, "y"] });
        console.error("c");
        console.warn("w", { n: null });
        process.stderr.write("e");
        console.log();
      });
      same(seen, [
        ["stdout", "a 1\n"],
        ["stdout", "b"],
        ["stdout", "bytes ä\n"],
        ["stdout", "info 5%\n"],
        ["stdout", "{ x: [ 1, 'y' ] }\n"],
        ["stderr", "c\n"],
        ["stderr", "w { n: null }\n"],
        ["stderr", "e"],
        ["stdout", "\n"],
      ]);
    },
  },
  {
    name: "stdio.intercept: console.group, dir, assert and trace are routed too",
    run() {
      const seen = captured(() => {
        console.group("g");
        console.log("x\ny");
        console.groupEnd();
        console.log("z");
        console.dir({ a: { b: { c: 1 } } }, { depth: 0 });
        console.assert(true, "not printed");
        console.assert(false, "bad %s", "thing");
        console.trace("t", 1);
      });
      equal(seen.length, 6, JSON.stringify(seen));
      same(seen.slice(0, 5), [
        ["stdout", "g\n"],
        ["stdout", "  x\n  y\n"],
        ["stdout", "z\n"],
        ["stdout", "{ a: [Object] }\n"],
        ["stderr", "Assertion failed: bad thing\n"],
      ]);
      const [stream, trace] = seen[5]!;
      equal(stream, "stderr");
      ok(/^Trace: t 1\n\s+at /.test(trace), JSON.stringify(trace));
      ok(trace.endsWith("\n"));
    },
  },
  {
    name: "stdio.intercept: write() bypasses it, restoring puts back exactly what was there, nothing is seen afterwards",
    run() {
      const before = { log: console.log, error: console.error, out: process.stdout.write, err: process.stderr.write };
      const ownBefore = Object.prototype.hasOwnProperty.call(process.stdout, "write");
      const outer: Array<[StreamName, string]> = [];
      const restoreOuter = runtime.stdio.intercept((stream, text) => {
        outer.push([stream, text]);
        return true;
      });
      try {
        const inner = captured(() => {
          runtime.stdio.write("stdout", "");
          console.log("seen");
        });
        same(inner, [["stdout", "seen\n"]]);
        same(outer, [], "the inner handler consumed it");
        // Handler returning false: the output goes where it would have gone, here the outer interception, once.
        const passed = captured(() => {
          console.log("p", 1);
          process.stdout.write("q");
          console.error("r");
        }, false);
        same(passed, [["stdout", "p 1\n"], ["stdout", "q"], ["stderr", "r\n"]]);
        same(outer, passed);
      } finally {
        restoreOuter();
      }
      equal(console.log, before.log);
      equal(console.error, before.error);
      equal(process.stdout.write, before.out);
      equal(process.stderr.write, before.err);
      equal(Object.prototype.hasOwnProperty.call(process.stdout, "write"), ownBefore);

      const late: string[] = [];
      const restore = runtime.stdio.intercept((_, text) => {
        late.push(text);
        return true;
      });
      restore();
      restore(); // idempotent enough to be called from a finally after an error
      equal(console.log, before.log);
      const quiet = captured(() => {}, true);
      same(quiet, []);
      same(late, [], "a restored interception sees nothing");
      equal(typeof runtime.stdio.isTerminal("stdout"), "boolean");
      equal(typeof runtime.stdio.isTerminal("stderr"), "boolean");
    },
  },
  {
    name: "stdio.intercept: the runtime's own direct writes (Deno.stdout/stderr, Bun's console.write) are routed too",
    async run() {
      const g = globalThis as {
        Deno?: Record<"stdout" | "stderr", { write(data: Uint8Array): Promise<number>; writeSync(data: Uint8Array): number }>;
      };
      const bunConsole = console as unknown as { write(...data: unknown[]): number };
      const pending: Array<Promise<number>> = [];
      const seen = captured(() => {
        if (runtime.name === "deno") {
          equal(g.Deno!.stdout.writeSync(utf8("sync ä\n")), 8);
          pending.push(g.Deno!.stdout.write(utf8("async\n")));
          equal(g.Deno!.stderr.writeSync(utf8("err sync\n")), 9);
          pending.push(g.Deno!.stderr.write(utf8("err async\n")));
        }
        if (runtime.name === "bun") {
          equal(bunConsole.write("raw ", utf8("bytes\n")), 10);
        }
      });
      same(await Promise.all(pending), runtime.name === "deno" ? [6, 10] : []);
      const expected: Record<Runtime["name"], Array<[StreamName, string]>> = {
        node: [],
        deno: [["stdout", "sync ä\n"], ["stdout", "async\n"], ["stderr", "err sync\n"], ["stderr", "err async\n"]],
        bun: [["stdout", "raw bytes\n"]],
      };
      same(seen, expected[runtime.name]);
    },
  },
  {
    name: "stdio: in a child process of this runtime, passed-through and write() output reach the real streams in order",
    run: () => inTempDir(async (dir) => {
      const script = [
        `import { runtime } from "psweep";`,
        `const seen = [];`,
        `const restore = runtime.stdio.intercept((stream, text) => { seen.push([stream, text]); return text.includes("keep"); });`,
        `console.log("keep", 1);`,
        `console.log("pass", 1);`,
        `process.stdout.write("keep 2\\n");`,
        `process.stdout.write("pass 2\\n");`,
        `runtime.stdio.write("stdout", "direct 3\\n");`,
        `console.error("keep err");`,
        `console.error("pass err");`,
        `process.stderr.write("pass err 2\\n");`,
        `runtime.stdio.write("stderr", "direct err\\n");`,
        `restore();`,
        `console.log("after");`,
        `for (let i = 0; i < 3; i++) { console.log("c" + i); runtime.stdio.write("stdout", "w" + i + "\\n"); process.stdout.write("p" + i + "\\n"); }`,
        `runtime.stdio.write("stdout", JSON.stringify({ seen, terminal: [runtime.stdio.isTerminal("stdout"), runtime.stdio.isTerminal("stderr")] }) + "\\n");`,
      ].join("\n");
      const errFile = path.join(dir, "stderr.txt");
      const child = await runtime.process.exec(`${evalCommand(script)} 2>${JSON.stringify(errFile)}`, { cwd: repoRoot });
      const stderr = fs.readFileSync(errFile, "utf8");
      equal(child.status, 0, child.output + stderr);
      const lines = child.output.split("\n");
      same(lines.slice(0, 13), ["pass 1", "pass 2", "direct 3", "after", "c0", "w0", "p0", "c1", "w1", "p1", "c2", "w2", "p2"]);
      same(lines.slice(14), [""]);
      same(JSON.parse(lines[13]!), {
        seen: [
          ["stdout", "keep 1\n"], ["stdout", "pass 1\n"], ["stdout", "keep 2\n"], ["stdout", "pass 2\n"],
          ["stderr", "keep err\n"], ["stderr", "pass err\n"], ["stderr", "pass err 2\n"],
        ],
        terminal: [false, false],
      });
      equal(stderr, "pass err\npass err 2\ndirect err\n");
    }),
  },
];
