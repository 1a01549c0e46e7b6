// Batch templates write values verbatim, so a value $(...) runs when the
// jobscript runs. Quoting for the shell: the jinja filter `shquote`, and in
// string templates a pre-quoted copy of the value under a key the hash leaves
// out (README "What templates trust"). The jobscripts run for real under sh.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PsweepError, dfExtractDicts, plist, prepBatch, psetHash, shellQuote } from "./helpers/psweep.js";
import { tmpDir } from "./helpers/tmp.js";

const HOSTILE = ["$(touch MARKER)", "`touch MARKER`", "it's; touch MARKER", "a b\n$HOME", "", "-rf *"];

/** Templates in a fresh folder: a machine "local" (subcmd sh) with this jobscript. */
function templates(jobscript: string): { dir: string; options: Record<string, unknown> } {
  const dir = tmpDir("psweep-quote-");
  mkdirSync(join(dir, "templates", "calc"), { recursive: true });
  mkdirSync(join(dir, "templates", "machines", "local"), { recursive: true });
  writeFileSync(join(dir, "templates", "calc", "note.txt"), "calc template\n");
  writeFileSync(join(dir, "templates", "machines", "local", "info.yaml"), "subcmd: sh\n");
  writeFileSync(join(dir, "templates", "machines", "local", "jobscript"), jobscript);
  return {
    dir,
    options: {
      calcDir: join(dir, "calc"),
      calcTemplDir: join(dir, "templates", "calc"),
      machineTemplDir: join(dir, "templates", "machines"),
    },
  };
}

/** Runs each pset's jobscript with sh in its folder; returns what each wrote to out.txt. */
function runJobs(calcDir: string, ids: string[]): string[] {
  return ids.map((id) => {
    const result = spawnSync("sh", ["jobscript_local"], { cwd: join(calcDir, id), encoding: "utf8" });
    expect(result.status).toBe(0);
    return readFileSync(join(calcDir, id, "out.txt"), "utf8");
  });
}

describe("shell quoting in batch templates", () => {
  it("shellQuote is shlex.quote: safe words stay, anything else is single-quoted", () => {
    expect(shellQuote("abc-1.5/x")).toBe("abc-1.5/x");
    expect(shellQuote("")).toBe("''");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote("$(touch m)")).toBe("'$(touch m)'");
    expect(shellQuote(1e21)).toBe("1e+21");
    expect(shellQuote({ a: [1, "x y"] })).toBe(`'{"a":[1,"x y"]}'`);
    expect(() => shellQuote(undefined)).toThrow(PsweepError);
  });

  it("jinja: {{ x | shquote }} keeps $(touch MARKER) and friends text when the jobscript runs under sh; without it, the marker appears", async () => {
    const t = templates('#!/bin/sh\nprintf "%s" {{ x | shquote }} > out.txt\n');
    const df = await prepBatch(plist("x", HOSTILE), { ...t.options, templateMode: "jinja" });
    const ids = dfExtractDicts(df).map((row) => row._pset_id as string);
    expect(runJobs(join(t.dir, "calc"), ids)).toEqual(HOSTILE);
    for (const id of ids) expect(existsSync(join(t.dir, "calc", id, "MARKER"))).toBe(false);

    // the control: the same value unquoted runs
    const raw = templates('#!/bin/sh\nprintf "%s" "{{ x }}" > out.txt\n');
    const rawDf = await prepBatch(plist("x", ["$(touch MARKER)"]), { ...raw.options, templateMode: "jinja" });
    const rawId = dfExtractDicts(rawDf)[0]!._pset_id as string;
    runJobs(join(raw.dir, "calc"), [rawId]);
    expect(existsSync(join(raw.dir, "calc", rawId, "MARKER"))).toBe(true);
  });

  it("jinja: shquote of a name the pset lacks is an error naming the template, not the text 'undefined'", async () => {
    const t = templates("#!/bin/sh\necho {{ nope | shquote }}\n");
    await expect(prepBatch([{ x: 1 }], { ...t.options, templateMode: "jinja" })).rejects.toThrow(
      /jobscript.*shellQuote: the value is undefined/s,
    );
    expect(existsSync(join(t.dir, "calc"))).toBe(false);
  });

  it("string templates (the README recipe): a pre-quoted copy under x_q_, which the hash leaves out, keeps the value text", async () => {
    const t = templates('#!/bin/sh\nprintf "%s" $x_q_ > out.txt\n');
    const params = plist("x", HOSTILE).map((p) => ({ ...p, x_q_: shellQuote(p.x) }));
    const df = await prepBatch(params, { ...t.options, templateMode: "string" });
    const rows = dfExtractDicts(df);
    expect(
      runJobs(
        join(t.dir, "calc"),
        rows.map((row) => row._pset_id as string),
      ),
    ).toEqual(HOSTILE);
    for (const row of rows) expect(existsSync(join(t.dir, "calc", row._pset_id as string, "MARKER"))).toBe(false);
    // the quoted copy does not change which pset this is
    expect(rows.map((row) => row._pset_hash)).toEqual(HOSTILE.map((x) => psetHash({ x })));
  });
});
