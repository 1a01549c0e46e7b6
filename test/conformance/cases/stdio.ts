// Runtime conformance cases for stdio (Runtime.stdio): interception of
// console.* and process.stdout/stderr.write in this process, and the order
// of output in a child process of this runtime. Interception of a runtime's
// own direct writes (Deno.stdout, Bun's console.write) is that runtime's:
// its runner passes those cases in as `extra`.

import { deepStrictEqual as same, strictEqual as equal, ok } from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Runtime } from "../../../src/runtime.js";
import type { Case } from "../suite.js";
import { capturedBy, inTempDir, utf8, type StreamName } from "./helpers.js";

/** The repository root (where package.json makes "psweep" resolve to this package). */
const repoRoot = path.resolve(path.dirname(decodeURIComponent(new URL(import.meta.url).pathname)), "..", "..", "..");

/** Shell command that runs an ES module text with `runtime` (this process' runtime), from the repository root. */
function evalCommand(runtime: Runtime, code: string): string {
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

export function stdioCases(runtime: Runtime): Case[] {
  const captured = capturedBy(runtime);
  return [
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
          same(passed, [
            ["stdout", "p 1\n"],
            ["stdout", "q"],
            ["stderr", "r\n"],
          ]);
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
      name: "stdio: in a child process of this runtime, passed-through and write() output reach the real streams in order",
      run: () =>
        inTempDir(async (dir) => {
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
          const child = await runtime.process.exec(`${evalCommand(runtime, script)} 2>${JSON.stringify(errFile)}`, {
            cwd: repoRoot,
          });
          const stderr = fs.readFileSync(errFile, "utf8");
          equal(child.status, 0, child.output + stderr);
          const lines = child.output.split("\n");
          same(lines.slice(0, 13), [
            "pass 1",
            "pass 2",
            "direct 3",
            "after",
            "c0",
            "w0",
            "p0",
            "c1",
            "w1",
            "p1",
            "c2",
            "w2",
            "p2",
          ]);
          same(lines.slice(14), [""]);
          same(JSON.parse(lines[13]!), {
            seen: [
              ["stdout", "keep 1\n"],
              ["stdout", "pass 1\n"],
              ["stdout", "keep 2\n"],
              ["stdout", "pass 2\n"],
              ["stderr", "keep err\n"],
              ["stderr", "pass err\n"],
              ["stderr", "pass err 2\n"],
            ],
            terminal: [false, false],
          });
          equal(stderr, "pass err\npass err 2\ndirect err\n");
        }),
    },
  ];
}
