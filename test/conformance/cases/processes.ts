// Runtime conformance cases for this process and its children
// (Runtime.process, hostname, cwd): real `sh` child processes.

import { deepStrictEqual as same, strictEqual as equal, ok, rejects } from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Runtime } from "../../../src/runtime.js";
import type { Case } from "../suite.js";
import { inTempDir, sleep } from "./helpers.js";

export function processCases(runtime: Runtime): Case[] {
  return [
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
      name: "process.exec: status, stdout and stderr in arrival order, cwd, UTF-8",
      run: () =>
        inTempDir(async (dir) => {
          same(await runtime.process.exec("echo hello"), { status: 0, output: "hello\n" });
          const mixed = await runtime.process.exec("echo out; echo err 1>&2; exit 3");
          equal(mixed.status, 3);
          same(mixed.output.split("\n").sort(), ["", "err", "out"]);
          const ordered = await runtime.process.exec(
            "echo 1; sleep 0.2; echo 2 1>&2; sleep 0.2; echo 3; sleep 0.2; echo 4 1>&2",
          );
          same(ordered, { status: 0, output: "1\n2\n3\n4\n" });
          equal((await runtime.process.exec("pwd", { cwd: dir })).output, `${fs.realpathSync(dir)}\n`);
          equal((await runtime.process.exec("printf 'äö€😀'")).output, "äö€😀");
          const long = await runtime.process.exec("i=0; while [ $i -lt 20000 ]; do echo line $i; i=$((i+1)); done");
          equal(long.output.split("\n").length, 20001);
          equal(long.output.split("\n")[19999], "line 19999");
          equal((await runtime.process.exec("exit 255")).status, 255);
          same(await runtime.process.exec("cat", {}), { status: 0, output: "" }, "stdin is empty, not inherited");
          await rejects(
            runtime.process.exec("true", { cwd: path.join(dir, "missing") }),
            "a missing cwd is an error, not a status",
          );
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
      run: () =>
        inTempDir(async (dir) => {
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
  ];
}
