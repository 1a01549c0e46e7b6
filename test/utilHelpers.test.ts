// The small helpers: fileWrite/fileRead, jsonWrite/jsonRead, system, getUuid/getManyUuids, flattenDict.

import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { beforeEach, describe, expect, it, vi } from "vitest";
import {
  PsweepError,
  PsweepSystemError,
  fileRead,
  fileWrite,
  flattenDict,
  getManyUuids,
  getUuid,
  jsonRead,
  jsonWrite,
  system,
} from "./helpers/psweep.js";
import { tmpDir } from "./helpers/tmp.js";
import { failure, rejection } from "./helpers/failure.js";

// The id generator, with a queue of ids to hand out first: lets a test make getUuid draw ids that are taken.
const queued = vi.hoisted(() => ({ ids: [] as string[] }));
vi.mock("../src/util/randomUuids.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../src/util/randomUuids.js")>();
  const { randomUuids } = original;
  return {
    ...original,
    randomUuids: (count: number) => Array.from({ length: count }, () => queued.ids.shift() ?? randomUuids(1)[0]!),
  };
});

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("fileWrite, fileRead", () => {
  it("fileWrite creates missing parent folders and writes UTF-8 text; fileRead reads it back", async () => {
    const dir = tmpDir();
    const path = `${dir}/a/b/c/notes.txt`;
    const text = "first line\näö€ 𝄞\n\nno newline at the end";
    await fileWrite(path, text);
    expect(readFileSync(path, "utf8")).toBe(text);
    expect(await fileRead(path)).toBe(text);
    // overwrites; an empty text is an empty file
    await fileWrite(path, "");
    expect(readFileSync(path)).toHaveLength(0);
    expect(await fileRead(path)).toBe("");
    // a path with . and .. after folders that do not exist yet
    await fileWrite(`${dir}/x/./y/../z.txt`, "z");
    expect(readFileSync(`${dir}/x/z.txt`, "utf8")).toBe("z");
    expect(readdirSync(`${dir}/x`).sort()).toEqual(["y", "z.txt"]);
  });

  it("fileRead of a missing file or of a folder is a PsweepError naming the path", async () => {
    const dir = tmpDir();
    const missing = await rejection(fileRead(`${dir}/nope.txt`));
    expect(missing).toBeInstanceOf(PsweepError);
    expect(missing.message).toBe(`fileRead: no file at ${dir}/nope.txt; give the path of a file to read`);
    const folder = await rejection(fileRead(dir));
    expect(folder).toBeInstanceOf(PsweepError);
    expect(folder.message).toBe(`fileRead: a directory, not a file, at ${dir}; give the path of a file to read`);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("jsonWrite, jsonRead", () => {
  it("round trip: indented JSON with a final newline, parents created, the same value read back", async () => {
    const dir = tmpDir();
    const value = { a: 1, b: [1.5, "x", null, true], c: { d: { e: "äö€" } }, "": 0, n: -0 };
    await jsonWrite(`${dir}/deep/er/pset.json`, value);
    expect(readFileSync(`${dir}/deep/er/pset.json`, "utf8")).toBe(`${JSON.stringify(value, null, 2)}\n`);
    expect(readFileSync(`${dir}/deep/er/pset.json`, "utf8")).toBe(
      '{\n  "a": 1,\n  "b": [\n    1.5,\n    "x",\n    null,\n    true\n  ],\n  "c": {\n    "d": {\n      "e": "äö€"\n    }\n  },\n  "": 0,\n  "n": 0\n}\n',
    );
    expect(await jsonRead(`${dir}/deep/er/pset.json`)).toEqual({ ...value, n: 0 });
    // scalars and arrays are JSON too
    for (const scalar of [null, 3, "text", false, [], [{ a: [] }]]) {
      await jsonWrite(`${dir}/scalar.json`, scalar);
      expect(await jsonRead(`${dir}/scalar.json`)).toEqual(scalar);
    }
  });

  it("jsonRead of invalid JSON is a PsweepError naming the file; of a missing file, naming that", async () => {
    const dir = tmpDir();
    writeFileSync(`${dir}/bad.json`, "{a: 1}\n");
    const error = await rejection(jsonRead(`${dir}/bad.json`));
    expect(error).toBeInstanceOf(PsweepError);
    expect(error.message).toMatch(new RegExp(`^jsonRead: ${dir}/bad\\.json is not valid JSON: .+`));
    expect(error.cause).toBeInstanceOf(SyntaxError);
    writeFileSync(`${dir}/empty.json`, "");
    expect((await rejection(jsonRead(`${dir}/empty.json`))).message).toMatch(/empty\.json is not valid JSON/);
    const missing = await rejection(jsonRead(`${dir}/nope.json`));
    expect(missing).toBeInstanceOf(PsweepError);
    expect(missing.message).toBe(`jsonRead: no file at ${dir}/nope.json; give the path of a file to read`);
  });

  it("a value JSON cannot hold is a PsweepError, and no file is written or replaced", async () => {
    const dir = tmpDir();
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const cases: Array<[unknown, RegExp]> = [
      [
        undefined,
        /^jsonWrite: undefined has no JSON form; give a value like \{a: 1\}, \[1, 2\], a string, number, boolean or null \(nothing written to .*out\.json\)$/,
      ],
      [() => 1, /^jsonWrite: a function has no JSON form;/],
      [{ big: 1n }, /^jsonWrite: cannot write an object with keys \["big"\] to .*out\.json as JSON: .*BigInt/],
      [cyclic, /^jsonWrite: cannot write an object with keys \["a","self"\] to .*out\.json as JSON: .*circular/i],
    ];
    for (const [value, message] of cases) {
      const error = await rejection(jsonWrite(`${dir}/sub/out.json`, value));
      expect(error).toBeInstanceOf(PsweepError);
      expect(error.message).toMatch(message);
    }
    expect(readdirSync(dir)).toEqual([]);
    // an existing file stays as it was
    await jsonWrite(`${dir}/keep.json`, { a: 1 });
    await expect(jsonWrite(`${dir}/keep.json`, undefined)).rejects.toThrow(PsweepError);
    expect(await jsonRead(`${dir}/keep.json`)).toEqual({ a: 1 });
  });
});

describe("system", () => {
  it("returns the output, stdout and stderr interleaved in the order written", async () => {
    expect(await system("echo hello")).toBe("hello\n");
    expect(
      await system(
        "printf 'out1\\n'; sleep 0.1; printf 'err1\\n' >&2; sleep 0.1; printf 'out2\\n'; sleep 0.1; printf 'err2' >&2",
      ),
    ).toBe("out1\nerr1\nout2\nerr2");
    expect(await system("true")).toBe("");
    expect(await system("printf 'äö€'")).toBe("äö€");
  });

  it("runs in cwd; a missing cwd is a PsweepError naming it", async () => {
    const dir = tmpDir();
    mkdirSync(`${dir}/sub`);
    expect(await system("pwd", { cwd: `${dir}/sub` })).toBe(`${realpathSync(`${dir}/sub`)}\n`);
    await system("echo made > here.txt", { cwd: dir });
    expect(readFileSync(`${dir}/here.txt`, "utf8")).toBe("made\n");
    const error = await rejection(system("touch x", { cwd: `${dir}/nope` }));
    expect(error).toBeInstanceOf(PsweepError);
    expect(error.message).toBe(
      `system: cwd "${dir}/nope" is not a directory; give an existing directory to run "touch x" in`,
    );
    expect(existsSync(`${dir}/nope`)).toBe(false);
    await expect(system("touch x", { cwd: `${dir}/here.txt` })).rejects.toThrow(
      /system: cwd ".*here\.txt" is not a directory/,
    );
  });

  it("a failing command throws PsweepSystemError with the command, exit status and output", async () => {
    const command = "echo partial; sleep 0.1; echo oops >&2; exit 3";
    const error = await rejection(system(command));
    expect(error).toBeInstanceOf(PsweepSystemError);
    expect(error).toBeInstanceOf(PsweepError);
    const failed = error as PsweepSystemError;
    expect(failed.name).toBe("PsweepSystemError");
    expect(failed.status).toBe(3);
    expect(failed.output).toBe("partial\noops\n");
    expect(failed.command).toBe(command);
    expect(failed.message).toBe(`command failed with exit status 3: ${command}\npartial\noops\n`);
    // a missing program: the shell's status 127 and its message
    const missing = (await rejection(system("no-such-program-psweep-xyz"))) as PsweepSystemError;
    expect(missing.status).toBe(127);
    expect(missing.output).toMatch(/no-such-program-psweep-xyz.*not found/);
    // killed by a signal: 128 + n
    const killed = (await rejection(system("echo before; kill -9 $$"))) as PsweepSystemError;
    expect(killed).toBeInstanceOf(PsweepSystemError);
    expect(killed.status).toBe(137);
    expect(killed.output).toBe("before\n");
  });
});

describe("getUuid, getManyUuids", () => {
  beforeEach(() => {
    queued.ids.length = 0;
  });

  it("gives random version 4 UUIDs, all distinct", () => {
    expect(getUuid()).toMatch(UUID_V4);
    const many = getManyUuids(2000);
    expect(many).toHaveLength(2000);
    expect(new Set(many).size).toBe(2000);
    for (const id of many) expect(id).toMatch(UUID_V4);
    expect(getManyUuids(0)).toEqual([]);
  });

  it("the one id source (the core, unmocked) gives distinct version 4 UUIDs, 10^5 at once and one at a time", async () => {
    const { randomUuid, randomUuids } =
      await vi.importActual<typeof import("../src/util/randomUuids.js")>("../src/util/randomUuids.js");
    // more than one core call's worth (65536 ids per call)
    const ids = [...randomUuids(1e5), ...Array.from({ length: 1000 }, randomUuid)];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(randomUuids(0)).toEqual([]);
  });

  it("never gives an id in existing, nor the same id twice, even when the generator repeats itself", () => {
    const taken = getManyUuids(3);
    const fresh = "5b1e7a0c-3d2f-4e8a-9b6c-1f0e2d3c4b5a";
    // the generator first draws two taken ids, then a new one
    queued.ids.push(taken[0]!, taken[2]!, fresh);
    expect(getUuid(taken)).toBe(fresh);
    expect(queued.ids).toEqual([]);
    // within one call, a repeated draw is skipped too; existing may be any iterable (a Set here)
    const other = "0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f";
    queued.ids.push(fresh, taken[1]!, fresh, other);
    expect(getManyUuids(2, new Set([taken[1]!]))).toEqual([fresh, other]);
  });

  it("a bad count or existing is a PsweepError saying what is expected", () => {
    const cases: Array<[() => unknown, string]> = [
      [() => getManyUuids(-1), "getManyUuids: count must be a non-negative integer, got -1"],
      [() => getManyUuids(1.5), "getManyUuids: count must be a non-negative integer, got 1.5"],
      [() => getManyUuids(NaN), "getManyUuids: count must be a non-negative integer, got NaN"],
      [() => getManyUuids("3" as never), 'getManyUuids: count must be a non-negative integer, got "3"'],
      [
        () => getUuid("5b1e7a0c-3d2f-4e8a-9b6c-1f0e2d3c4b5a" as never),
        'getManyUuids: existing must be an array or Set of ids (one id is [id]), got "5b1e7a0c-3d2f-4e8a-9b6c-1f0e2d3c4b5a"',
      ],
      [
        () => getManyUuids(1, 5 as never),
        "getManyUuids: existing must be an array or Set of ids (one id is [id]), got 5",
      ],
    ];
    for (const [call, message] of cases) {
      const error = failure(call);
      expect(error).toBeInstanceOf(PsweepError);
      expect(error.message).toBe(message);
    }
  });
});

describe("flattenDict", () => {
  it("joins nested keys with '_' as Python psweep does, keeps arrays (also of objects), null and non-plain objects as values", () => {
    expect(flattenDict({ b: { c: 2 } })).toStrictEqual({ b_c: 2 });
    const date = new Date("2024-01-02T03:04:05.000Z");
    expect(flattenDict({ a: { b: 1, c: { d: 2, e: [1, { x: 2 }] } }, f: 3, g: null, h: date, i: [] })).toStrictEqual({
      a_b: 1,
      a_c_d: 2,
      a_c_e: [1, { x: 2 }],
      f: 3,
      g: null,
      h: date,
      i: [],
    });
    // order: depth first, in key order
    expect(Object.keys(flattenDict({ z: { y: 1, x: { w: 2 } }, a: 0 }))).toEqual(["z_y", "z_x_w", "a"]);
    expect(flattenDict({})).toStrictEqual({});
  });

  it("an empty nested object is kept as a value, not lost", () => {
    expect(flattenDict({ a: {}, b: { c: {}, d: 1 } })).toStrictEqual({ a: {}, b_c: {}, b_d: 1 });
  });

  it("takes another separator", () => {
    expect(flattenDict({ a: { b: { c: 1 } }, a_b: 2 }, { sep: "." })).toStrictEqual({ "a.b.c": 1, a_b: 2 });
    expect(flattenDict({ a: { b: 1 } }, { sep: "/" })).toStrictEqual({ "a/b": 1 });
  });

  it("keys named like Object.prototype members are ordinary keys", () => {
    expect(flattenDict({ toString: 1, constructor: { name: "x" } })).toStrictEqual({
      toString: 1,
      constructor_name: "x",
    });
    const flat = flattenDict(
      JSON.parse('{"__proto__": {"polluted": 1}, "x": {"__proto__": 2}}') as Record<string, unknown>,
    );
    expect(Object.keys(flat)).toEqual(["__proto___polluted", "x___proto__"]);
    expect(flat["x___proto__"]).toBe(2);
    expect(Object.getPrototypeOf(flat)).toBe(Object.prototype);
    const own = flattenDict(JSON.parse('{"__proto__": 5}') as Record<string, unknown>);
    expect(Object.getOwnPropertyNames(own)).toEqual(["__proto__"]);
    expect(Object.getOwnPropertyDescriptor(own, "__proto__")!.value).toBe(5);
    expect(Object.getPrototypeOf(own)).toBe(Object.prototype);
  });

  it("a key that comes out twice, or bad arguments, is a PsweepError", () => {
    const cases: Array<[() => unknown, string]> = [
      [
        () => flattenDict({ a: { b: 1 }, "a.b": 2 }, { sep: "." }),
        'flattenDict: key "a.b" comes out twice; choose another sep',
      ],
      [
        () => flattenDict({ "a.b": 2, a: { b: 1 } }, { sep: "." }),
        'flattenDict: key "a.b" comes out twice; choose another sep',
      ],
      [
        () => flattenDict({ a: { b_c: 1 }, a_b: { c: 2 } }),
        'flattenDict: key "a_b_c" comes out twice; choose another sep',
      ],
      [
        () => flattenDict([{ a: 1 }] as never),
        "flattenDict: dict must be a plain object like {a: {b: 1}}, got an array of length 1",
      ],
      [() => flattenDict(null as never), "flattenDict: dict must be a plain object like {a: {b: 1}}, got null"],
      [
        () => flattenDict({ a: { b: 1 } }, { sep: 1 as never }),
        'flattenDict: sep must be a string like "." or "_", got 1',
      ],
    ];
    for (const [call, message] of cases) {
      const error = failure(call);
      expect(error).toBeInstanceOf(PsweepError);
      expect(error.message).toBe(message);
    }
  });
});

describe("Node built-ins loaded on first use (bindings/shared/builtin.ts)", () => {
  it("gives the module, and on a Node without process.getBuiltinModule says which Node psweep needs", async () => {
    const { builtin } = await import("../bindings/shared/builtin.js");
    expect(builtin("node:path").join("a", "b")).toBe("a/b");
    const original = process.getBuiltinModule;
    try {
      (process as { getBuiltinModule?: unknown }).getBuiltinModule = undefined; // as on Node before 20.16
      expect(() => builtin("node:fs")).toThrow(
        `psweep needs Node.js 20.16 or later (for process.getBuiltinModule); this is Node.js ${process.version}. Upgrade Node.js`,
      );
    } finally {
      process.getBuiltinModule = original;
    }
  });
});
