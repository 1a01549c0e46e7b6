// The conformance suite: the public API end to end, written once and run
// under every runtime: by vitest on Node (conformance.test.ts) and by
// main.ts under Bun and Deno. It imports the built package by name, so the
// package's export conditions pick the binding, as they do for users.
//
// Only node:assert, node:crypto, node:fs, node:os and node:path are used
// besides psweep: all three runtimes provide them.

import { deepStrictEqual as same, strictEqual as equal, throws } from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC, tableToIPC, type Table } from "apache-arrow";
import * as psweep from "psweep";
import { HASH_VECTORS } from "../vectors.js";

const funcModule = new URL("./funcs.ts", import.meta.url);

/**
 * The database's content without what differs between runs and machines
 * (ids, times, host, runtimes): main.ts and conformance.test.ts write it to
 * .conformance/<runtime>.json, and compare.mjs checks all runtimes agree.
 */
export function portableContent(df: Table): unknown {
  const volatile = new Set(["_pset_id", "_run_id", "_time_utc", "_exec_host", "_pset_runtime", "_calc_dir"]);
  return {
    columns: df.schema.fields.map((f) => [f.name, String(f.type), [...f.metadata].sort()]),
    rows: psweep
      .dfExtractDicts(df)
      .map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !volatile.has(key)))),
  };
}

/** Where each runtime leaves its portable content for compare.mjs. */
export function recordContent(name: string, content: unknown): void {
  const dir = new URL("../../.conformance/", import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL(`${currentRuntime()}-${name}.json`, dir), `${JSON.stringify(content, null, 1)}\n`);
}

export interface Case {
  readonly name: string;
  run(): void | Promise<void>;
}

/** The runtime this process is, told apart by its globals. */
export function currentRuntime(): "node" | "bun" | "deno" {
  const g = globalThis as Record<string, unknown>;
  return g.Bun !== undefined ? "bun" : g.Deno !== undefined ? "deno" : "node";
}

const sha1 = (text: string): string => createHash("sha1").update(text, "utf8").digest("hex");

export const cases: Case[] = [
  {
    name: "the export conditions pick this runtime's binding",
    run() {
      equal(psweep.runtime.name, currentRuntime());
      equal(psweep.runtime.hostname(), hostname());
    },
  },
  {
    name: "the SPEC hash vectors hold",
    run() {
      for (const [pset, hash] of HASH_VECTORS) equal(psweep.psetHash(pset as psweep.Pset), hash, JSON.stringify(pset));
      same(
        psweep.psetHashes(HASH_VECTORS.map(([p]) => p as psweep.Pset)),
        HASH_VECTORS.map(([, h]) => h),
      );
    },
  },
  {
    name: "hash errors name the key and the value",
    run() {
      throws(
        () => psweep.psetHash({ a: { b: [1, NaN] } } as never),
        (e: unknown) => e instanceof psweep.PsweepHashError && /NaN at pset key "a\.b\[1\]"/.test((e as Error).message),
      );
    },
  },
  {
    name: "pgrid: last plist fastest, zip flattened, both call forms",
    run() {
      const a = psweep.plist("a", [1, 2]);
      const b = psweep.plist("b", ["x", "y"]);
      const c = psweep.plist("c", [0.5, 1.5]);
      const expected = [
        { a: 1, b: "x", c: 0.5 },
        { a: 1, b: "y", c: 1.5 },
        { a: 2, b: "x", c: 0.5 },
        { a: 2, b: "y", c: 1.5 },
      ];
      same(psweep.pgrid(a, psweep.zip(b, c)), expected);
      same(psweep.pgrid([a, psweep.zip(b, c)]), expected);
      same(psweep.pgrid(a), [{ a: 1 }, { a: 2 }]);
      throws(() => psweep.pgrid(a, psweep.plist("a", [3])), /key "a" is set by both plist 0 and plist 1/);
    },
  },
  {
    name: "the columnar grid hashes 10^5 psets in the core as SHA-1 of their canonical JSON",
    run() {
      const values = Array.from({ length: 10 }, (_, i) => i / 8);
      const g = psweep.grid(
        psweep.plist("alpha", values),
        psweep.plist("beta", values),
        psweep.plist("gamma", ["rk4", "euler", "ä€😀", "x", "y"]),
        psweep.plist("n", [1, 10, 100, 1000, 1e21, -0, 1e-7, 3, 4, 5]),
        psweep.plist("seed", [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]),
      );
      equal(g.length, 100_000);
      const hashes = g.hashes();
      let i = 0;
      for (const pset of g) {
        equal(hashes[i], sha1(psweep.canonicalPset(pset)), `pset ${i}`);
        i++;
      }
      equal(i, 100_000);
      equal(psweep.canonicalPset(g.at(99_999)), '{"alpha":1.125,"beta":1.125,"gamma":"y","n":5,"seed":19}');
    },
  },
  {
    name: "stargrid, intspace and logspace",
    run() {
      same(psweep.stargrid({ a: 1, b: 2 }, [psweep.plist("a", [1, 3]), psweep.plist("b", [2, 4])]), [
        { a: 1, b: 2 },
        { a: 3, b: 2 },
        { a: 1, b: 4 },
      ]);
      same(psweep.intspace(0, 5, 11), [0, 1, 2, 3, 4, 5]);
      same(psweep.logspace(1, 1000, 4), [1, 10, 100, 1000]);
    },
  },
  {
    name: "grid.toArrow survives Arrow IPC with the same values",
    run() {
      const g = psweep.grid(
        psweep.plist("a", [1, 2, 3]),
        psweep.zip(psweep.plist("b", ["x", null]), psweep.plist("c", [[1], { d: 2 }])),
      );
      const table = tableFromIPC(tableToIPC(g.toArrow({ hash: true })));
      const rows = psweep.dfExtractDicts(table);
      const expected = g.toArray().map((p) => ({ a: p.a, b: p.b ?? null, c: p.c, _pset_hash: psweep.psetHash(p) }));
      same(rows, expected);
    },
  },
  {
    name: "run() records two runs in database.arrow, captures logs, and dfRead gives back the same rows",
    async run() {
      const calcDir = join(mkdtempSync(join(tmpdir(), "psweep-conformance-")), "calc");
      const params = psweep.pgrid(psweep.plist("a", [1, 2, 3]), psweep.plist("b", ["x", "ü"]));
      const func = async (p: { a: number; b: string }) => {
        console.log(`a=${p.a}`);
        await new Promise((resolve) => setTimeout(resolve, 1));
        return { c: p.a * 1.5, tag: `${p.b}${p.a}`, nested: { list: [p.a, null] } };
      };
      await psweep.run(func, params, { calcDir, captureLogs: "db+file" });
      const df = await psweep.run(func, params.slice(0, 2), { calcDir, captureLogs: "db" });
      equal(df.numRows, 8);
      const rows = psweep.dfExtractDicts(df);
      same(
        rows.map((r) => r._pset_seq),
        [0, 1, 2, 3, 4, 5, 6, 7],
      );
      same(
        rows.map((r) => r._logs),
        [...params, ...params.slice(0, 2)].map((p) => `a=${p.a}\n`),
      );
      same(rows[5]!.nested, { list: [3, null] });
      equal(rows[0]!._exec_host, hostname());
      same(
        rows.map((r) => r._pset_hash),
        [...params, ...params.slice(0, 2)].map((p) => psweep.psetHash(p)),
      );
      same(psweep.dfExtractDicts(await psweep.dfRead(join(calcDir, "database.arrow"))), rows);
      same(psweep.dfExtractDicts(tableFromIPC(readFileSync(join(calcDir, "database.arrow")))), rows);
      same(psweep.dfExtractParams(df), [...params, ...params.slice(0, 2)]);
      equal(readFileSync(join(calcDir, String(rows[0]!._pset_id), "logs.txt"), "utf8"), "a=1\n");
      same(readdirSync(join(calcDir, ".psweep", "database.arrow.wal")), []);
      recordContent("run", portableContent(df));
    },
  },
  {
    name: "poolsize 2 with funcModule: results in input order, logs captured in the workers",
    async run() {
      const calcDir = join(mkdtempSync(join(tmpdir(), "psweep-conformance-")), "calc");
      const { cube, sleepy } = (await import(funcModule.href)) as typeof import("./funcs.js");
      const params = psweep.pgrid(psweep.plist("a", [1, 2, 3, 4, 5, 6, 7, 8]), psweep.plist("b", ["p", "q"]));
      const df = await psweep.run(cube, params, { calcDir, poolsize: 2, funcModule, captureLogs: "db" });
      const rows = psweep.dfExtractDicts(df);
      same(
        rows.map((r) => r.cube),
        params.map((p) => p.a ** 3),
      );
      same(
        rows.map((r) => r._logs),
        params.map((p) => `cube ${p.a}\n`),
      );
      same(psweep.dfExtractDicts(await psweep.dfRead(join(calcDir, "database.arrow"))), rows);
      recordContent("pool", portableContent(df));
      const timed = await psweep.run(
        sleepy,
        psweep.plist(
          "a",
          Array.from({ length: 20 }, (_, i) => i),
        ),
        { save: false, poolsize: 2, funcModule },
      );
      same(
        psweep.dfExtractDicts(timed).map((r) => r.a2),
        Array.from({ length: 20 }, (_, i) => i * 2),
      );
    },
  },
];
