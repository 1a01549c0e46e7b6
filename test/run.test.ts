import { spawnSync } from "node:child_process";
import {
  readFileSync,
  existsSync,
  lstatSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
  mkdirSync,
} from "node:fs";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import {
  PsweepError,
  PsweepRunError,
  concurrentExecutor,
  dfExtractDicts,
  dfExtractParams,
  dfRead,
  pgrid,
  plist,
  psetHash,
  run,
  type Pset,
} from "./helpers/psweep.js";
import { tmpDir } from "./helpers/tmp.js";

const params = pgrid(plist("a", [1, 2]), plist("b", ["x", "y"]));
const func = (p: { a: number; b: string }) => ({ result: p.a * 10, label: `${p.b}!` });
const onDisk = (calcDir: string) => tableFromIPC(readFileSync(`${calcDir}/database.arrow`));
const column = (df: ReturnType<typeof onDisk>, name: string) => dfExtractDicts(df).map((row) => row[name]);

describe("run", () => {
  it("records two runs of the same params: 8 rows, 2 run ids, 8 pset ids, 4 hashes, _pset_seq 0..7", async () => {
    const calcDir = `${tmpDir()}/calc`;
    await run(func, params, { calcDir });
    const df = await run(func, params, { calcDir });
    expect(df.numRows).toBe(8);
    expect(new Set(column(df, "_run_id")).size).toBe(2);
    expect(new Set(column(df, "_pset_id")).size).toBe(8);
    // run and pset ids alike are version 4 UUIDs (both drawn by the core)
    for (const id of [...column(df, "_run_id"), ...column(df, "_pset_id")]) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(column(df, "_pset_hash")).size).toBe(4);
    expect(column(df, "_pset_seq")).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(column(df, "_run_seq")).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(column(df, "_pset_hash").slice(0, 4)).toEqual(params.map((p) => psetHash(p)));
    expect(column(df, "result")).toEqual([10, 10, 20, 20, 10, 10, 20, 20]);
    // the file on disk is the returned table, and its schema names the hash scheme
    const disk = onDisk(calcDir);
    expect(dfExtractDicts(disk)).toEqual(dfExtractDicts(df));
    expect(disk.schema.metadata.get("psweep:hash_scheme")).toBe("jcs-sha1-v1");
    // nothing left over: no log, no journal, no lock
    expect(readdirSync(`${calcDir}/.psweep/database.arrow.wal`)).toEqual([]);
    expect(readdirSync(`${calcDir}/.psweep`).sort()).toEqual(["database.arrow.wal"]);
  });

  it("puts book-keeping fields in the documented order, then results, then _pset_runtime", async () => {
    const calcDir = `${tmpDir()}/calc`;
    let seen: Pset | undefined;
    const df = await run((p: Record<string, unknown>) => ((seen = p as Pset), { out: 1 }), [{ z: 1, a: 2 }], {
      calcDir,
    });
    const order = [
      "z",
      "a",
      "_pset_hash",
      "_pset_id",
      "_run_seq",
      "_pset_seq",
      "_run_id",
      "_calc_dir",
      "_time_utc",
      "_exec_host",
    ];
    expect(Object.keys(seen!)).toEqual(order);
    expect(df.schema.fields.map((f) => f.name)).toEqual([...order, "out", "_pset_runtime"]);
    const row = dfExtractDicts(df)[0]!;
    expect(row._time_utc).toBeInstanceOf(Date);
    expect(row._exec_host).toBe((await import("node:os")).hostname());
    expect(row._calc_dir).toBe(calcDir);
    expect(typeof row._pset_runtime).toBe("number");
    expect(String(df.schema.fields.find((f) => f.name === "_time_utc")!.type)).toBe("Timestamp<MILLISECOND, UTC>");
  });

  it("gives func a copy: the caller's params are never changed", async () => {
    const mine = [{ a: 1, nested: { list: [1, 2] } }];
    const before = JSON.stringify(mine);
    await run(
      (p: { nested: { list: number[] }; a: number }) => {
        p.nested.list.push(3);
        p.a = 99;
        return {};
      },
      mine,
      { save: false },
    );
    expect(JSON.stringify(mine)).toBe(before);
  });

  it("accepts async funcs", async () => {
    const df = await run(
      async (p: { a: number }) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { twice: p.a * 2 };
      },
      plist("a", [1, 2, 3]),
      { save: false },
    );
    expect(column(df, "twice")).toEqual([2, 4, 6]);
  });

  it("skipDups skips psets already in the database, on disk and with df", async () => {
    const calcDir = `${tmpDir()}/calc`;
    await run(func, params.slice(0, 2), { calcDir });
    const df = await run(func, params, { calcDir, skipDups: true });
    expect(df.numRows).toBe(4);
    expect(column(df, "_run_seq")).toEqual([0, 0, 1, 1]);
    const again = await run(func, params, { calcDir, skipDups: true });
    expect(again.numRows).toBe(4);
    // with df: skip what df holds
    const inMemory = await run(func, params.slice(0, 1), { save: false });
    const extended = await run(func, params, { save: false, df: inMemory, skipDups: true });
    expect(extended.numRows).toBe(4);
    expect(column(extended, "a")).toEqual([1, 1, 2, 2]);
  });

  it("save: false writes nothing at all", async () => {
    const dir = tmpDir();
    const df = await run(func, params, { calcDir: `${dir}/calc`, save: false });
    expect(df.numRows).toBe(4);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("appends to a df passed in, and refuses a df that would drop rows on disk", async () => {
    const calcDir = `${tmpDir()}/calc`;
    const first = await run(func, params, { calcDir });
    const second = await run(func, params.slice(0, 1), { calcDir, df: first });
    expect(second.numRows).toBe(5);
    expect(onDisk(calcDir).numRows).toBe(5);
    const bytes = readFileSync(`${calcDir}/database.arrow`);
    await expect(run(func, params, { calcDir, df: first })).rejects.toThrow(
      /df lacks 1 of the 5 rows .*saving would lose them/,
    );
    expect(readFileSync(`${calcDir}/database.arrow`)).toEqual(bytes);
  });

  it("a new parameter in a later run keeps old hashes and gives old rows null", async () => {
    const calcDir = `${tmpDir()}/calc`;
    await run(func, params, { calcDir });
    const more = params.map((p) => ({ ...p, c: 0.5 }));
    const df = await run((p: { a: number; b: string; c: number }) => ({ ...func(p), scaled: p.a * p.c }), more, {
      calcDir,
    });
    expect(df.numRows).toBe(8);
    expect(df.schema.fields.map((f) => f.name).slice(-2)).toEqual(["c", "scaled"]);
    expect(column(df, "c")).toEqual([null, null, null, null, 0.5, 0.5, 0.5, 0.5]);
    expect(column(df, "_pset_hash").slice(0, 4)).toEqual(params.map((p) => psetHash(p)));
    expect(column(df, "_pset_hash").slice(4)).toEqual(more.map((p) => psetHash(p)));
    expect(dfExtractDicts(onDisk(calcDir))).toEqual(dfExtractDicts(df));
    // the old rows' psets come back without the new key
    expect(dfExtractParams(df)).toEqual([...params, ...more]);
  });

  it("widens a column whose values change type between runs", async () => {
    const calcDir = `${tmpDir()}/calc`;
    await run(() => ({ y: 1 }), [{ a: 1 }], { calcDir });
    await run(() => ({ y: 1.5 }), [{ a: 2 }], { calcDir });
    const df = await run(() => ({ y: "many" }), [{ a: 3 }], { calcDir });
    expect(column(df, "y")).toEqual([1, 1.5, "many"]);
    expect(column(onDisk(calcDir), "y")).toEqual([1, 1.5, "many"]);
    expect(df.schema.fields.find((f) => f.name === "y")!.metadata.get("psweep:encoding")).toBe("json");
  });

  it("simulate runs in <calcDir>.simulate without calling func and leaves the real database alone", async () => {
    const dir = tmpDir();
    const calcDir = `${dir}/calc`;
    await run(func, params, { calcDir });
    const real = readFileSync(`${calcDir}/database.arrow`);
    let calls = 0;
    const counting = (p: { a: number; b: string }) => (calls++, func(p));
    mkdirSync(`${calcDir}.simulate`);
    writeFileSync(`${calcDir}.simulate/stale.txt`, "from before");
    const df = await run(counting, params, { calcDir, simulate: true });
    expect(calls).toBe(0);
    expect(df.numRows).toBe(8);
    expect(column(df, "result").slice(4)).toEqual([null, null, null, null]);
    expect(column(df, "_calc_dir").slice(4)).toEqual(Array(4).fill(`${calcDir}.simulate`));
    expect(readFileSync(`${calcDir}/database.arrow`)).toEqual(real);
    expect(readdirSync(`${calcDir}.simulate`).sort()).toEqual([".psweep", "database.arrow"]);
    expect(dfExtractDicts(onDisk(`${calcDir}.simulate`))).toEqual(dfExtractDicts(df));
    // simulate again: recreated from the real database, so still 8 rows, not 12
    expect((await run(counting, params, { calcDir, simulate: true })).numRows).toBe(8);
  });

  it("backup copies calcDir to its .bak_<time>_run_id_<id> name, symlinks kept, and refuses a second backup without new data", async () => {
    const dir = tmpDir();
    const calcDir = `${dir}/calc`;
    const first = await run(func, params, { calcDir });
    mkdirSync(`${calcDir}/data`);
    writeFileSync(`${calcDir}/data/big.txt`, "payload");
    symlinkSync("data/big.txt", `${calcDir}/link`);
    await run(func, params.slice(0, 1), { calcDir, backup: true });
    const rows = dfExtractDicts(first);
    const newest = new Date(Math.max(...rows.map((r) => (r._time_utc as Date).getTime())));
    const name = `calc.bak_${newest.toISOString().slice(0, -1)}000Z_run_id_${String(rows[3]!._run_id)}`;
    expect(name).toMatch(/^calc\.bak_\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z_run_id_[0-9a-f-]{36}$/);
    expect(readdirSync(dir).sort()).toEqual(["calc", name]);
    const backup = `${dir}/${name}`;
    expect(lstatSync(`${backup}/link`).isSymbolicLink()).toBe(true);
    expect(readlinkSync(`${backup}/link`)).toBe("data/big.txt");
    expect(readFileSync(`${backup}/data/big.txt`, "utf8")).toBe("payload");
    expect(onDisk(backup).numRows).toBe(4);
    expect(existsSync(`${backup}/.psweep/database.arrow.lock`)).toBe(false);
    // A backup of a state that has one already is refused: here a run that adds nothing (all skipped) backs up
    // the current state, and the next backup of that same state is refused before anything runs.
    await run(func, params.slice(0, 1), { calcDir, backup: true, skipDups: true });
    expect(readdirSync(dir)).toHaveLength(3);
    const bytes = readFileSync(`${calcDir}/database.arrow`);
    await expect(run(func, params, { calcDir, backup: true })).rejects.toThrow(
      /backup target .*calc\.bak_.* exists: the database has no rows newer than that backup\. Nothing was run/,
    );
    expect(readFileSync(`${calcDir}/database.arrow`)).toEqual(bytes);
    expect(readdirSync(dir)).toHaveLength(3);
  });
});

describe("run: bad input changes nothing", () => {
  const cases: Array<[string, unknown, unknown, RegExp]> = [
    ["an unknown option", {}, { calc_dir: "x" }, /unknown option "calc_dir"; did you mean calcDir\?/],
    ["a bad option value", {}, { skipDups: "yes" }, /option skipDups must be true or false, got "yes"/],
    [
      "a bad captureLogs",
      {},
      { captureLogs: "stdout" },
      /option captureLogs must be one of "db", "file", "db\+file", got "stdout"/,
    ],
    [
      "poolsize and executor",
      {},
      { poolsize: 1, executor: concurrentExecutor(2) },
      /give either poolsize or executor, not both/,
    ],
    ["params that are not psets", "params", {}, /params\[1\] is 5, not a pset/],
    ["a pset that cannot be hashed", "nan", {}, /params\[1\]: cannot hash NaN at pset key "a"/],
  ];
  it.each(cases)("%s", async (_, kind, options, message) => {
    const dir = tmpDir();
    const calcDir = `${dir}/calc`;
    await run(func, params, { calcDir });
    const before = readFileSync(`${calcDir}/database.arrow`);
    const ps = kind === "params" ? [{ a: 1 }, 5] : kind === "nan" ? [{ a: 1 }, { a: NaN }] : params;
    await expect(run(func as never, ps as never, { calcDir, ...(options as object) })).rejects.toThrow(message);
    await expect(run(func as never, ps as never, { calcDir, ...(options as object) })).rejects.toThrow(PsweepError);
    expect(readFileSync(`${calcDir}/database.arrow`)).toEqual(before);
    expect(readdirSync(dir)).toEqual(["calc"]);
  });
});

describe("run: failing psets", () => {
  const flaky = (p: { a: number }) => {
    if (p.a === 2) throw new Error(`no good: ${p.a}`);
    return { y: p.a };
  };

  it('onError "raise" saves every finished pset, then throws naming the pset', async () => {
    const calcDir = `${tmpDir()}/calc`;
    const error = await run(flaky, plist("a", [1, 2, 3]), { calcDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PsweepRunError);
    expect((error as Error).message).toMatch(
      /func failed on params\[1\] \{"a":2\} \(_pset_id [0-9a-f-]{36}\): no good: 2/,
    );
    expect(((error as Error).cause as Error).message).toBe("no good: 2");
    expect(column(onDisk(calcDir), "a")).toEqual([1]);
  });

  it('onError "record" keeps going, marks _failed and _exc_txt, and the failed psets run again with one call', async () => {
    const calcDir = `${tmpDir()}/calc`;
    const df = await run(flaky, plist("a", [1, 2, 3]), { calcDir, onError: "record" });
    expect(column(df, "_failed")).toEqual([false, true, false]);
    expect(column(df, "y")).toEqual([1, null, 3]);
    expect(String(column(df, "_exc_txt")[1])).toMatch(/^Error: no good: 2\n\s+at /);
    expect(column(df, "_exc_txt")[0]).toBe(null);
    const failed = dfExtractParams(df, { failed: true });
    expect(failed).toEqual([{ a: 2 }]);
    const fixed = await run((p: { a: number }) => ({ y: p.a }), failed as { a: number }[], {
      calcDir,
      onError: "record",
    });
    expect(column(fixed, "_failed")).toEqual([false, true, false, false]);
    expect(dfExtractParams(fixed, { failed: true })).toEqual([]);
  });

  const badReturns: Array<[string, unknown, RegExp]> = [
    ["a number", 42, /func returned for pset "[0-9a-f-]{36}" \(params\[0\]\) 42; func must return a plain object/],
    ["an array", [1], /an array of length 1; func must return a plain object/],
    ["undefined", undefined, /undefined; func must return a plain object/],
    ["a reserved key", { _pset_id: "x" }, /the key "_pset_id", which psweep sets itself/],
    ["a parameter key", { a: 5 }, /the key "a", a parameter of the pset; rename the result/],
    ["nested NaN", { losses: [0.5, NaN] }, /a value that cannot be stored: NaN at pset key "losses\[1\]"/],
    [
      "an invalid Date",
      { when: new Date(Number.NaN) },
      /an invalid Date under "when", which a timestamp column cannot hold; return a valid Date or null/,
    ],
  ];
  it.each(badReturns)("func returning %s is an error naming the pset", async (_, value, message) => {
    const calcDir = `${tmpDir()}/calc`;
    await expect(run(() => value as object, [{ a: 1 }], { calcDir })).rejects.toThrow(message);
    expect(existsSync(`${calcDir}/database.arrow`)).toBe(false); // no finished pset, no rows
  });

  it("stores top-level NaN and Infinity results as floats", async () => {
    const df = await run(
      (p: { a: number }) => ({ y: p.a === 1 ? NaN : p.a === 2 ? -Infinity : 0.5 }),
      plist("a", [1, 2, 3]),
      { save: false },
    );
    expect(column(df, "y")).toEqual([NaN, -Infinity, 0.5]);
  });
});

describe("run: captureLogs", () => {
  const chatty = async (p: { a: number }) => {
    console.log("start", p.a);
    await new Promise((resolve) => setTimeout(resolve, (4 - p.a) * 15));
    process.stdout.write(`direct ${p.a}\n`);
    console.error(`warn ${p.a}`);
    await new Promise((resolve) => setTimeout(resolve, p.a * 5));
    console.log("end", p.a);
    return { ok: true };
  };
  const expected = (a: number) => `start ${a}\ndirect ${a}\nwarn ${a}\nend ${a}\n`;

  it.each(["db", "file", "db+file"] as const)(
    'captureLogs "%s" gives each pset exactly its own lines, in order, with concurrent async funcs',
    async (mode) => {
      const calcDir = `${tmpDir()}/calc`;
      const df = await run(chatty, plist("a", [1, 2, 3]), {
        calcDir,
        captureLogs: mode,
        executor: concurrentExecutor(3),
      });
      const rows = dfExtractDicts(df);
      for (const row of rows) {
        const text = expected(row.a as number);
        if (mode.includes("db")) expect(row._logs).toBe(text);
        else expect("_logs" in row).toBe(false);
        const file = `${calcDir}/${String(row._pset_id)}/logs.txt`;
        if (mode.includes("file")) expect(readFileSync(file, "utf8")).toBe(text);
        else expect(existsSync(file)).toBe(false);
      }
    },
  );

  it("leaves output outside psets alone and stops capturing after the run", async () => {
    const seen: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => (seen.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      await run(() => (process.stdout.write("inside\n"), {}), [{ a: 1 }], { save: false, captureLogs: "db" });
      process.stdout.write("after\n");
    } finally {
      process.stdout.write = write;
    }
    expect(seen).toEqual(["after\n"]);
  });
});

describe("run: verbose (progress: test/progress.test.ts)", () => {
  const chatty = (options: object) =>
    spawnSync(
      process.execPath,
      ["--import", "tsx", "test/fixtures/chatty.ts", `${tmpDir()}/calc`, "40", JSON.stringify(options)],
      { encoding: "utf8" },
    );

  it("verbose prints each pset's parameters as it starts; a list prints those columns", () => {
    expect(chatty({ verbose: true }).stdout).toBe(Array.from({ length: 40 }, (_, i) => `a=${i}\n`).join(""));
    const lines = chatty({ verbose: ["a", "_pset_seq"] })
      .stdout.trim()
      .split("\n");
    expect(lines).toHaveLength(40);
    expect(lines[7]).toBe("a=7 _pset_seq=7");
  });
});

describe("dfRead", () => {
  it("refuses a file that is not an Arrow IPC file, and run() leaves it alone", async () => {
    const calcDir = `${tmpDir()}/calc`;
    mkdirSync(calcDir);
    writeFileSync(`${calcDir}/database.arrow`, "hello");
    await expect(dfRead(`${calcDir}/database.arrow`)).rejects.toThrow(
      /database\.arrow is not an Arrow IPC file \(no "ARROW1" at its start and end\)/,
    );
    await expect(run(func, params, { calcDir })).rejects.toThrow(/is not an Arrow IPC file/);
    expect(readFileSync(`${calcDir}/database.arrow`, "utf8")).toBe("hello");
  });
});
