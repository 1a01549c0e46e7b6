// A new user's first contact, as the README tells it: a fresh folder,
// `npm init -y`, psweep installed from the packed tarball, the getting-started
// script run under tsx, Bun and Deno; its types under both module resolutions;
// what the core install weighs; the error for an optional package not installed.

import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { readmeBlocks } from "./helpers/readme.js";
import { tmpDir } from "./helpers/tmp.js";
import { BUN, DENO, TSC, devVersion, packPsweep } from "./helpers/userProject.js";

const blocks = readmeBlocks();
const steps = blocks.find((block) => block.lang === "sh" && block.code.includes("npm init -y"))!;
const study = blocks[blocks.indexOf(steps) + 1]!;

describe("a new project that installs psweep as the README says", () => {
  let dir: string;
  let stepsOutput: string;
  let seconds: number;
  beforeAll(() => {
    expect(steps.code).toMatch(
      /^mkdir study && cd study\nnpm init -y && npm pkg set type=module\nnpm i psweep && npm i -D tsx\n$/,
    );
    const tarball = packPsweep();
    const root = tmpDir("psweep-first-");
    // psweep from the tarball instead of the registry; the same tsx as this repository's
    const script = steps.code
      .replace(
        "npm i psweep",
        `npm i --no-audit --no-fund --prefer-offline ${tarball} 2>&1 && du -sk node_modules && npm ls --all --parseable | tail -n +2 | wc -l`,
      )
      .replace("npm i -D tsx", `npm i --no-audit --no-fund --prefer-offline -D ${devVersion("tsx")} >/dev/null 2>&1`);
    const started = performance.now();
    stepsOutput = execFileSync("sh", ["-ec", script], { cwd: root, encoding: "utf8" });
    seconds = (performance.now() - started) / 1000;
    dir = `${root}/study`;
    expect(study.lang).toBe("ts");
    writeFileSync(`${dir}/study.ts`, study.code);
  }, 300_000);

  it("installs small, without install-script warnings, in reasonable time", () => {
    expect(stepsOutput).not.toMatch(/install script|install-scripts|warn/i);
    const [, kb, packages] = /\n(\d+)\s+node_modules\n(\d+)\n$/.exec(stepsOutput) ?? [];
    // before the optional peers: 83 packages, 57 MB
    expect(Number(kb)).toBeLessThan(30_000);
    expect(Number(packages)).toBeLessThan(40);
    expect(seconds).toBeLessThan(240);
  });

  const runtimes: Record<string, string[]> = {
    tsx: [`node_modules/.bin/tsx`, "study.ts"],
    bun: [BUN, "study.ts"],
    deno: [DENO, "run", "-A", "study.ts"],
  };
  for (const [name, [command, ...args]] of Object.entries(runtimes)) {
    it(`runs the getting-started study under ${name} and prints the README's table`, () => {
      rmSync(`${dir}/calc`, { recursive: true, force: true });
      const result = spawnSync(command!, args, {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
        timeout: 120_000,
      });
      expect(result.stderr).toBe("");
      expect(result.stdout).toBe(study.expected);
      expect(readdirSync(`${dir}/calc`)).toContain("database.arrow");
    }, 180_000);
  }

  for (const resolution of ["bundler", "node16"] as const) {
    it(`typechecks with moduleResolution "${resolution}"`, () => {
      const module = resolution === "bundler" ? "preserve" : "node16";
      writeFileSync(
        `${dir}/tsconfig.${resolution}.json`,
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            target: "es2022",
            module,
            moduleResolution: resolution,
            types: [],
          },
          files: ["study.ts", "typed.ts"],
        }),
      );
      // the API's types are really there: a wrong call is an error
      writeFileSync(
        `${dir}/typed.ts`,
        [
          `import { dfExtractDicts, dfRead, isWorker, run } from "psweep";`,
          `const df = await dfRead("calc/database.arrow");`,
          `const rows = dfExtractDicts<{ a: number }>(df);`,
          `const n: number = rows[0]!.a;`,
          `const w: boolean = isWorker();`,
          `// @ts-expect-error run needs a function`,
          `void run(42, [{ a: 1 }]);`,
          `export { n, w };`,
        ].join("\n"),
      );
      const result = spawnSync(TSC, ["-p", `tsconfig.${resolution}.json`], { cwd: dir, encoding: "utf8" });
      expect(result.stdout + result.stderr).toBe("");
      expect(result.status).toBe(0);
    }, 120_000);
  }

  it("names the npm i command when an optional package is missing, on every runtime", () => {
    writeFileSync(
      `${dir}/optional.ts`,
      [
        `import { dfWrite, distributed, plist, run } from "psweep";`,
        `const df = await run((p: { a: number }) => ({ b: p.a }), plist("a", [1]), { save: false });`,
        `const tries: Array<() => Promise<unknown>> = [`,
        `  () => dfWrite("db.parquet", df, { format: "parquet" }),`,
        `  () => run((p: { a: number }) => ({ b: p.a }), plist("a", [1]), { save: false, executor: distributed({ connection: "redis://127.0.0.1:1", queue: "q" }) }),`,
        `];`,
        `for (const attempt of tries) console.log(await attempt().then(() => "no error", (e: Error) => e.message));`,
      ].join("\n"),
    );
    for (const [command, ...args] of [runtimes.tsx!, runtimes.bun!, runtimes.deno!]) {
      const result = spawnSync(command!, [...args.slice(0, -1), "optional.ts"], {
        cwd: dir,
        encoding: "utf8",
        timeout: 120_000,
      });
      expect(result.stdout, `${command} ${result.stderr}`).toBe(
        'dfWrite format "parquet" needs the package parquet-wasm, which is not installed (optional dependencies of psweep): run `npm i parquet-wasm` in your project\n' +
          "distributed() needs the packages bullmq and ioredis, which are not installed (optional dependencies of psweep): run `npm i bullmq ioredis` in your project\n",
      );
    }
  }, 180_000);

  it('with npm init\'s "type": "commonjs", a .ts script fails as the README says, and study.mts runs', () => {
    execFileSync("npm", ["pkg", "set", "type=commonjs"], { cwd: dir });
    try {
      rmSync(`${dir}/calc`, { recursive: true, force: true });
      const failing = spawnSync("node_modules/.bin/tsx", ["study.ts"], {
        cwd: dir,
        encoding: "utf8",
        timeout: 120_000,
      });
      expect(failing.status).not.toBe(0);
      expect(failing.stderr).toContain('Top-level await is currently not supported with the "cjs" output format');
      writeFileSync(`${dir}/study.mts`, study.code);
      const result = spawnSync("node_modules/.bin/tsx", ["study.mts"], {
        cwd: dir,
        encoding: "utf8",
        timeout: 120_000,
      });
      expect(result.stderr).toBe("");
      expect(result.stdout).toBe(study.expected);
    } finally {
      execFileSync("npm", ["pkg", "set", "type=module"], { cwd: dir });
    }
  }, 180_000);
});
