// The layer rules of eslint.config.js, each shown to fire on the form it
// exists to stop (and to stay quiet on what a layer may do). The files are
// virtual: only their paths matter, since the rules are chosen by path.

import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const eslint = new ESLint({ cwd: repoRoot });

interface Finding {
  readonly ruleId: string | null;
  readonly message: string;
}

async function lint(filePath: string, code: string): Promise<Finding[]> {
  const [result] = await eslint.lintText(code, { filePath });
  if (result === undefined) throw new Error(`no lint result for ${filePath}`);
  return result.messages.map(({ ruleId, message }) => ({ ruleId, message }));
}

async function ruleIds(filePath: string, code: string): Promise<(string | null)[]> {
  return (await lint(filePath, code)).map((finding) => finding.ruleId);
}

const importing = (specifier: string): string => `import { x } from "${specifier}";\nexport const y = x;\n`;

describe("src/ is runtime-agnostic", () => {
  it.each([
    ["node:fs", /Runtime \(src\/runtime\.ts\)/],
    ["node:path", /Runtime/],
    ["fs", /Node builtin/],
    ["fs/promises", /Node builtin/],
    ["path", /Node builtin/],
    ["child_process", /Node builtin/],
    ["bun", /bindings\/bun or bindings\/deno/],
    ["bun:sqlite", /bindings\/bun or bindings\/deno/],
    ["../bindings/node/index.js", /never imports a binding/],
    ["../../bindings/deno/runtime.js", /never imports a binding/],
    ["../test/helpers/tmp.js", /never imports tests/],
    ["../../test/vectors.js", /never imports tests/],
    ["psweep/node", /relative path/],
  ])("refuses an import of %s", async (specifier, advice) => {
    const findings = await lint("src/run/x.ts", importing(specifier));
    expect(findings.map((finding) => finding.ruleId)).toEqual(["no-restricted-imports"]);
    expect(findings[0]!.message).toMatch(advice);
  });

  it("refuses the same modules by export-from", async () => {
    expect(await ruleIds("src/x.ts", 'export { readFileSync } from "node:fs";\n')).toEqual(["no-restricted-imports"]);
  });

  it("refuses a type-only import of a binding", async () => {
    const code = 'import type { Runtime } from "../bindings/node/runtime.js";\nexport type R = Runtime;\n';
    expect(await ruleIds("src/x.ts", code)).toEqual(["no-restricted-imports"]);
  });

  it.each(["node:fs", "fs", "../bindings/node/index.js", "../test/vectors.js"])(
    "refuses a dynamic import() of %s",
    async (specifier) => {
      const code = `export const load = () => import("${specifier}");\n`;
      expect(await ruleIds("src/cli/x.ts", code)).toEqual(["no-restricted-syntax"]);
    },
  );

  it.each([
    ["process", "export const argv = process.argv;\n"],
    ["Buffer", 'export const bytes = Buffer.from("x");\n'],
    ["Bun", "export const version = Bun.version;\n"],
    ["Deno", "export const args = Deno.args;\n"],
    ["globalThis.process", "export const env = globalThis.process.env;\n"],
    ["require", 'export const where = require.resolve("apache-arrow");\n'],
    ["__dirname", "export const here = __dirname;\n"],
    ["__filename", "export const me = __filename;\n"],
    ["global", "export const g = global;\n"],
  ])("refuses the runtime global %s", async (_name, code) => {
    const findings = await lint("src/params/x.ts", code);
    expect(findings.map((finding) => finding.ruleId)).toEqual(["no-restricted-globals"]);
    expect(findings[0]!.message).toMatch(/src\/ is (runtime-agnostic|ESM)|globalThis/);
  });

  it("allows its own modules, packages, and standard globals", async () => {
    const code = [
      'import { psetHash } from "../hash/psetHash.js";',
      'import { Table } from "apache-arrow";',
      'import type { Runtime } from "../runtime.js";',
      "export const f = (runtime: Runtime) => [psetHash, Table, runtime.cwd(), new TextEncoder(), globalThis.crypto];",
      "",
    ].join("\n");
    expect(await ruleIds("src/params/x.ts", code)).toEqual([]);
  });

  it("allows a local named like a runtime global", async () => {
    expect(await ruleIds("src/x.ts", "export const f = (process: string) => process;\n")).toEqual([]);
  });

  it("allows browser globals in the report client", async () => {
    const code = 'export const root = document.getElementById("root");\n';
    expect(await ruleIds("src/report/client/x.ts", code)).toEqual([]);
  });
});

describe("src/runtime.ts imports nothing", () => {
  it.each([
    'import type { WorkerReply } from "./pool/protocol.js";\nexport type R = WorkerReply;\n',
    'import { PsweepError } from "./errors.js";\nexport const E = PsweepError;\n',
    'export type { Pset } from "./types.js";\n',
  ])("refuses %s", async (code) => {
    const findings = await lint("src/runtime.ts", code);
    expect(findings.map((finding) => finding.ruleId)).toEqual(["no-restricted-imports"]);
    expect(findings[0]!.message).toMatch(/imports nothing/);
  });

  it("allows declarations", async () => {
    expect(await ruleIds("src/runtime.ts", "export interface Stdio {\n  write(text: string): void;\n}\n")).toEqual([]);
  });
});

describe("only src/core/ loads the wasm module", () => {
  it.each([
    ["src/hash/x.ts", "../core/wasmBytes.generated.js"],
    ["src/x.ts", "./core/wasmBytes.generated.js"],
    ["test/x.test.ts", "../src/core/wasmBytes.generated.js"],
    ["bench/x.ts", "../src/core/wasmBytes.generated.js"],
    ["bindings/node/x.ts", "../../src/core/wasmBytes.generated.js"],
  ])("refuses it in %s", async (filePath, specifier) => {
    const findings = await lint(filePath, importing(specifier));
    expect(findings.map((finding) => finding.ruleId)).toEqual(["no-restricted-imports"]);
    expect(findings[0]!.message).toMatch(/src\/core\/core\.ts/);
  });

  it("refuses a dynamic import() of it outside src/core/", async () => {
    const code = 'export const load = () => import("../core/wasmBytes.generated.js");\n';
    expect(await ruleIds("src/hash/x.ts", code)).toEqual(["no-restricted-syntax"]);
  });

  it("allows it in src/core/", async () => {
    expect(await ruleIds("src/core/x.ts", importing("./wasmBytes.generated.js"))).toEqual([]);
  });

  it("keeps the runtime rules in src/core/", async () => {
    expect(await ruleIds("src/core/x.ts", importing("node:fs"))).toEqual(["no-restricted-imports"]);
  });
});

describe("core-wasm/ is self-contained AssemblyScript", () => {
  it.each([
    "../src/core/core",
    "../src/hash/psetHash.js",
    "assemblyscript/std/assembly",
    "./../src/x",
    "./sub/../../src/x",
  ])("refuses an import of %s", async (specifier) => {
    const findings = await lint("core-wasm/x.ts", importing(specifier));
    expect(findings.map((finding) => finding.ruleId)).toEqual(["no-restricted-imports"]);
    expect(findings[0]!.message).toMatch(/import only its own modules/);
  });

  it("allows its own modules and AssemblyScript's decorators, types and builtins", async () => {
    const code = [
      'import { hexDigests } from "./hex";',
      "const BUFFER: usize = memory.data(64);",
      "// @ts-ignore: decorator",
      "@inline function rotl(x: v128, n: i32): v128 {",
      "  return v128.or(i32x4.shl(x, n), i32x4.shr_u(x, 32 - n));",
      "}",
      "export function run(n: i32): void {",
      "  store<u8>(BUFFER, <u8>n);",
      "  hexDigests(BUFFER, 1, BUFFER);",
      "  rotl(i32x4.splat(n), 5);",
      "}",
      "",
    ].join("\n");
    expect(await lint("core-wasm/x.ts", code)).toEqual([]);
  });
});

describe("a binding imports no other runtime's binding", () => {
  it.each([
    ["bindings/bun/x.ts", "../node/processes.js"],
    ["bindings/bun/x.ts", "../../bindings/node/processes.js"],
    ["bindings/bun/x.ts", "../deno/stdio.js"],
    ["bindings/deno/x.ts", "../node/processes.js"],
    ["bindings/deno/x.ts", "../bun/stdio.js"],
    ["bindings/node/x.ts", "../bun/stdio.js"],
    ["bindings/node/x.ts", "../deno/stdio.js"],
    ["bindings/shared/x.ts", "../node/processes.js"],
    ["bindings/shared/x.ts", "../bun/stdio.js"],
    ["bindings/shared/x.ts", "../../bindings/deno/stdio.js"],
  ])("%s refuses %s", async (filePath, specifier) => {
    const findings = await lint(filePath, importing(specifier));
    expect(findings.map((finding) => finding.ruleId)).toEqual(["no-restricted-imports"]);
    expect(findings[0]!.message).toMatch(/bindings\/shared\//);
  });

  it("refuses a dynamic import() of another runtime's binding", async () => {
    const code = 'export const load = () => import("../node/processes.js");\n';
    expect(await ruleIds("bindings/deno/x.ts", code)).toEqual(["no-restricted-syntax"]);
  });

  it.each(["bindings/node/x.ts", "bindings/bun/x.ts", "bindings/deno/x.ts"])(
    "%s may import bindings/shared/, src/ and its runtime's modules, and use runtime globals",
    async (filePath) => {
      const code = [
        'import { spawnChild } from "../shared/processes.js";',
        'import type { Runtime } from "../../src/runtime.js";',
        'import { readFileSync } from "node:fs";',
        "export const f = (runtime: Runtime) => [spawnChild, runtime, readFileSync, process.argv, Buffer.alloc(1)];",
        "",
      ].join("\n");
      expect(await ruleIds(filePath, code)).toEqual([]);
    },
  );
});
