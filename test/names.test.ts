// Names that would break files: empty keys, database names that are folders
// or paths, NUL bytes in paths, and backup names made from database values.
// Each is refused with a named error and leaves every file as it was.

import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, lstatSync, writeFileSync } from "node:fs";
import { Table } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { recordBatchOfRows } from "../src/database/recordBatch.js";
import { columnsOf } from "../src/database/schema.js";
import {
  PsweepError,
  PsweepRunError,
  dfExtractDicts,
  dfRead,
  dfWrite,
  fileRead,
  fileWrite,
  jsonWrite,
  pgrid,
  plist,
  prepBatch,
  run,
} from "./helpers/psweep.js";
import { tmpDir } from "./helpers/tmp.js";
import { rejection } from "./helpers/failure.js";

/** Every file and folder below `root` with its content's hash: compared before and after a refusal. */
function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = `${dir}/${name}`;
      const info = lstatSync(path);
      if (info.isDirectory()) {
        out[`${path}/`] = "dir";
        walk(path);
      } else out[path] = createHash("sha1").update(readFileSync(path)).digest("hex");
    }
  };
  walk(root);
  return out;
}

/** A study with a database of 2 rows; returns its folder and a snapshot of it. */
async function study(): Promise<{ root: string; calcDir: string }> {
  const root = tmpDir();
  const calcDir = `${root}/calc`;
  await run((p: { a: number }) => ({ r: p.a }), pgrid(plist("a", [1, 2])), { calcDir });
  return { root, calcDir };
}

describe("empty keys", () => {
  it('a pset key "" is refused by run() and prepBatch() before func runs; no file is changed', async () => {
    const { root, calcDir } = await study();
    const before = tree(root);
    let calls = 0;
    const error = await rejection(() => run(() => (calls++, {}), [{ a: 3 }, { "": 1, a: 4 }], { calcDir }));
    expect(error).toBeInstanceOf(PsweepError);
    expect(error.message).toBe(
      'run: params[1] has the empty key "", which cannot name a column of the database; give the parameter a name',
    );
    expect(calls).toBe(0);
    const batchError = await rejection(() => prepBatch([{ "": 1 }], { calcDir }));
    expect(batchError.message).toMatch(/^prepBatch: params\[0\] has the empty key ""/);
    expect(tree(root)).toEqual(before);
  });

  it('a result key "" fails its pset with a named error; the rows before it are kept and read back', async () => {
    const { calcDir } = await study();
    const error = await rejection(() =>
      run((p: { a: number }) => (p.a === 3 ? { r: 3 } : { "": 1 }), pgrid(plist("a", [3, 4])), { calcDir }),
    );
    expect(error).toBeInstanceOf(PsweepRunError);
    expect(error.message).toMatch(
      /func returned for pset "[0-9a-f-]+" \(params\[1\]\) the empty key "", which cannot name a column of the database/,
    );
    const rows = dfExtractDicts(await dfRead(`${calcDir}/database.arrow`));
    expect(rows.map((row) => row.r)).toEqual([1, 2, 3]);
    expect(rows.every((row) => !Object.hasOwn(row, "") && !Object.hasOwn(row, "null"))).toBe(true);
  });
});

describe("databaseBasename and paths", () => {
  it.each([".", "..", "a/b", "../x.arrow", "a\\b", "db\0.arrow"])(
    "databaseBasename %j is refused before anything is written",
    async (name) => {
      const root = tmpDir();
      mkdirSync(`${root}/study/calc`, { recursive: true });
      writeFileSync(`${root}/study/keep.txt`, "x");
      const before = tree(root);
      let calls = 0;
      const error = await rejection(() =>
        run(() => (calls++, {}), [{ a: 1 }], { calcDir: `${root}/study/calc`, databaseBasename: name }),
      );
      expect(error).toBeInstanceOf(PsweepError);
      expect(error.message).toMatch(
        /^run: (databaseBasename must be a file name|option databaseBasename: the path .* contains a NUL byte)/,
      );
      expect(calls).toBe(0);
      expect(
        await rejection(() => prepBatch([{ a: 1 }], { calcDir: `${root}/study/calc`, databaseBasename: name })),
      ).toBeInstanceOf(PsweepError);
      expect(tree(root)).toEqual(before);
    },
  );

  it("a NUL byte in calcDir or in any path given to the file helpers is a named error, and nothing is written", async () => {
    const root = tmpDir();
    const before = tree(root);
    const calcError = await rejection(() => run(() => ({}), [{ a: 1 }], { calcDir: `${root}/ca\0lc` }));
    expect(calcError).toBeInstanceOf(PsweepError);
    expect(calcError.message).toBe(
      `run: option calcDir: the path ${JSON.stringify(`${root}/ca\0lc`)} contains a NUL byte (\\u0000), which no file system allows; remove it`,
    );
    const cases: Array<() => Promise<unknown>> = [
      () => dfRead(`${root}/x\0.arrow`),
      () => dfWrite(`${root}/x\0.arrow`, new Table()),
      () => fileWrite(`${root}/x\0.txt`, "text"),
      () => fileRead(`${root}/x\0.txt`),
      () => jsonWrite(`${root}/x\0.json`, {}),
      () => prepBatch([{ a: 1 }], { calcDir: `${root}/calc`, calcTemplDir: `${root}/t\0` }),
    ];
    for (const call of cases) {
      const error = await rejection(call);
      expect(error).toBeInstanceOf(PsweepError);
      expect(error.message).toMatch(/contains a NUL byte \(\\u0000\), which no file system allows; remove it$/);
    }
    expect(tree(root)).toEqual(before);
  });
});

describe("backup names", () => {
  /** The study's database with the last row's _run_id (and maybe every _time_utc) replaced. */
  async function tamper(calcDir: string, runId: string): Promise<void> {
    const df = await dfRead(`${calcDir}/database.arrow`);
    const rows = dfExtractDicts(df);
    rows[rows.length - 1]!._run_id = runId;
    await dfWrite(`${calcDir}/database.arrow`, new Table([recordBatchOfRows(rows, columnsOf(df.schema))]));
  }

  it("a _run_id of x/../../../../ESCAPED in the database cannot put the backup outside the study", async () => {
    const root = tmpDir();
    const studyDir = `${root}/a/b/c/d/study`;
    const calcDir = `${studyDir}/calc`;
    await run((p: { a: number }) => ({ r: p.a }), pgrid(plist("a", [1, 2])), { calcDir });
    await tamper(calcDir, "x/../../../../ESCAPED");
    const database = readFileSync(`${calcDir}/database.arrow`);
    const before = Object.keys(tree(root));
    await run((p: { a: number }) => ({ r: p.a }), [{ a: 3 }], { calcDir, backup: true });
    const added = Object.keys(tree(root)).filter((path) => !before.includes(path) && !path.startsWith(`${calcDir}/`));
    // the only new things outside calcDir: one backup folder next to it, and what is inside it
    const backups = readdirSync(studyDir).filter((name) => name.startsWith("calc.bak_"));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(
      /^calc\.bak_\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z_run_id_x_\.\._\.\._\.\._\.\._ESCAPED$/,
    );
    expect(added.every((path) => path.startsWith(`${studyDir}/${backups[0]}/`))).toBe(true);
    expect(readFileSync(`${studyDir}/${backups[0]}/database.arrow`)).toEqual(database);
    expect(readdirSync(`${root}/a`)).toEqual(["b"]);
    expect(readdirSync(`${root}/a/b/c/d`)).toEqual(["study"]);
  });

  it("backslashes, NUL and an overlong _run_id become a short plain folder name", async () => {
    const { root, calcDir } = await study();
    await tamper(calcDir, `..\\..\\evil\0${"y".repeat(300)}`);
    await run(() => ({}), [{ a: 3 }], { calcDir, backup: true });
    const backups = readdirSync(root).filter((name) => name.startsWith("calc.bak_"));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/_run_id_\.\._\.\._evil_y+$/);
    expect(backups[0]!.length).toBeLessThan(120);
  });
});
