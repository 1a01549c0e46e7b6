// The README is the manual: every ```ts block in it runs here, as a user
// would run it (a new project that installed the packed package, tsx),
// in README order in one folder, so a later block may read what an earlier
// one wrote. A plain ``` block right after a TypeScript block is its
// expected stdout. `<!-- doctest: skip (reason) -->` on the line before a
// block skips it. The blocks that run also typecheck.

import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { readmeBlocks } from "./helpers/readme.js";
import { devVersion, packPsweep, userProject } from "./helpers/userProject.js";

const blocks = readmeBlocks().filter((block) => block.lang === "ts");

describe("README.md: every TypeScript block", () => {
  let dir: string;
  beforeAll(() => {
    const project = userProject(packPsweep(), [
      devVersion("tsx"),
      devVersion("arquero"),
      devVersion("typescript"),
      "@types/node@20",
      // arquero's range takes the newest flechette, whose dependency the registry here lacks
      devVersion("@uwdata/flechette"),
    ]);
    dir = `${project.dir}/readme`;
    mkdirSync(dir);
  }, 300_000);

  it("there are blocks, and few are skipped, each with its reason", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(10);
    expect(blocks.filter((block) => block.skip !== undefined).length).toBeLessThanOrEqual(2);
  });

  for (const block of blocks) {
    it.skipIf(block.skip !== undefined)(
      `runs the block at README.md line ${block.line}${block.expected ? " and prints what the README shows" : ""}`,
      () => {
        const file = `${dir}/block-${block.line}.ts`;
        writeFileSync(file, block.code);
        const result = spawnSync(`${dir}/../node_modules/.bin/tsx`, [file], {
          cwd: dir,
          encoding: "utf8",
          timeout: 120_000,
        });
        expect(result.stderr, `stderr of the block at line ${block.line}`).toBe("");
        expect(result.status).toBe(0);
        if (block.expected !== undefined) expect(result.stdout).toBe(block.expected);
      },
      180_000,
    );
  }

  it("every block that runs also typechecks (strict, moduleResolution bundler)", () => {
    for (const block of blocks)
      if (block.skip === undefined) writeFileSync(`${dir}/block-${block.line}.ts`, block.code);
    writeFileSync(
      `${dir}/tsconfig.json`,
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: "es2022",
          module: "preserve",
          moduleResolution: "bundler",
          types: ["node"],
          skipLibCheck: true,
        },
        include: ["block-*.ts"],
      }),
    );
    const result = spawnSync(`${dir}/../node_modules/.bin/tsc`, ["-p", dir], { cwd: dir, encoding: "utf8" });
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  }, 180_000);
});
