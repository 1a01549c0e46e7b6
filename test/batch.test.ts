// prepBatch (SPEC §8): every written file read back byte for byte, the
// jobscripts run for real with sh, SLURM array tasks run with
// SLURM_ARRAY_TASK_ID set (there is no SLURM here), and template errors that
// leave every file as it was.

import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PsweepError, dfExtractDicts, dfRead, prepBatch, type Cell } from "./helpers/psweep.js";
import { tmpDir } from "./helpers/tmp.js";
import { parseStringTemplate } from "../src/batch/stringTemplate.js";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/batch/${name}`, import.meta.url));
const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const HOST = hostname();
const HEADER = "#!/bin/sh\n\nhere=$(readlink -f $(dirname $0))\n\n";

type Row = Record<string, Cell>;

/** Every file below root (hidden ones too), path → bytes, sorted by path. */
function tree(root: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (sub: string) => {
    for (const name of readdirSync(join(root, sub)).sort()) {
      const rel = sub ? `${sub}/${name}` : name;
      if (statSync(join(root, rel)).isDirectory()) walk(rel);
      else out[rel] = readFileSync(join(root, rel));
    }
  };
  walk("");
  return out;
}

/** The same as text; the database (binary) is checked on its own, here only its presence. */
function texts(root: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree(root)).map(([path, bytes]) => [
      path,
      path.endsWith(".arrow") ? "<arrow>" : bytes.toString("utf8"),
    ]),
  );
}

/** The shell, without any SLURM variables of the environment running the tests. */
function sh(args: string[], options: { cwd: string; env?: Record<string, string> }) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("SLURM_"))) as Record<
    string,
    string
  >;
  return spawnSync("sh", args, { cwd: options.cwd, env: { ...env, ...options.env }, encoding: "utf8" });
}

// What the two-machines fixture's templates become for a row of the database.
const optText: Record<number, string> = { 1: "null", 2: "[1,2]", 3: '{"k":"v"}', 4: "true" };

function psetFiles(row: Row, writePset: boolean): Record<string, string> {
  const {
    _pset_id: id,
    _pset_hash: hash,
    a,
    b,
  } = row as { _pset_id: string; _pset_hash: string; a: number; b: string };
  const opt = optText[a]!;
  const files: Record<string, string> = {
    [`${id}/input.txt`]: `# input of pset ${id} (run_seq=${row._run_seq}, pset_seq=${row._pset_seq})\na = ${a}\nb = ${b}_suffix\nopt = ${opt}\ncost = 5$\n`,
    [`${id}/sub/params.json`]: `{"a": ${a}, "b": "${b}", "opt": ${opt}, "price": "$5", "hash": "${hash}", "host": "${HOST}"}\n`,
    [`${id}/jobscript_local`]: `#!/bin/sh\n# local job of pset ${id}\nout=result.txt\necho "a=${a} b=${b}" > $out\ncat sub/params.json >> $out\n`,
    [`${id}/jobscript_cluster`]: `#!/bin/sh\n#SBATCH --job-name=${id}\n#SBATCH --time=00:05:00\necho "cluster task \${SLURM_ARRAY_TASK_ID:-none}: a=${a} b=${b}" > cluster.txt\n`,
  };
  if (writePset) {
    const pset = {
      a,
      b,
      opt: row.opt,
      _pset_hash: hash,
      _pset_id: id,
      _run_seq: row._run_seq,
      _pset_seq: row._pset_seq,
      _run_id: row._run_id,
      _calc_dir: row._calc_dir,
      _time_utc: (row._time_utc as Date).toISOString(),
      _exec_host: HOST,
    };
    files[`${id}/pset.json`] = `${JSON.stringify(pset, null, 2)}\n`;
  }
  return files;
}

const runLine = (row: Row, subcmd: string, machine: string) =>
  `cd $here/${row._pset_id}; ${subcmd} jobscript_${machine}  # run_seq=${row._run_seq} pset_seq=${row._pset_seq}`;

/** run_<m>.sh: earlier rows commented out, this call's rows live. */
const runScript = (earlier: Row[], now: Row[], subcmd: string, machine: string) =>
  HEADER +
  [
    ...earlier.map((row) => `# ${runLine(row, subcmd, machine)}`),
    ...now.map((row) => runLine(row, subcmd, machine)),
  ].join("\n") +
  "\n";

function arrayScript(runSeq: number, count: number): string {
  const list = `array_cluster_run_seq_${runSeq}.txt`;
  return `#!/bin/sh
#SBATCH --array=0-${count - 1}%2
#SBATCH --time=00:10:00
#SBATCH --job-name=psweep-demo

# SLURM job array written by psweep prepBatch: one task per pset of run_seq=${runSeq}
# (${count} pset${count === 1 ? "" : "s"}). Submit it from this folder: sbatch array_cluster.sh
# Task i runs jobscript_cluster in the pset folder named on line i+1 of ${list}.

here=\${SLURM_SUBMIT_DIR:-$(readlink -f $(dirname $0))}
ids="$here/${list}"
if [ -z "$SLURM_ARRAY_TASK_ID" ]; then
    echo "array_cluster.sh: SLURM_ARRAY_TASK_ID is not set; submit with: sbatch array_cluster.sh" >&2
    exit 1
fi
if [ ! -f "$ids" ]; then
    echo "array_cluster.sh: no file $ids; submit from the folder holding array_cluster.sh: cd <calcDir> && sbatch array_cluster.sh" >&2
    exit 1
fi
id=$(sed -n "$((SLURM_ARRAY_TASK_ID + 1))p" "$ids")
if [ -z "$id" ]; then
    echo "array_cluster.sh: no pset for task $SLURM_ARRAY_TASK_ID in $ids (tasks are 0-${count - 1})" >&2
    exit 1
fi
cd "$here/$id" && exec /bin/sh jobscript_cluster
`;
}

/** The output of the local jobscript of a row (what `sh run_local.sh` makes it write). */
const resultTxt = (row: Row) => `a=${row.a} b=${row.b}\n` + psetFiles(row, false)[`${row._pset_id}/sub/params.json`];

const BOOK = ["_pset_hash", "_pset_id", "_run_seq", "_pset_seq", "_run_id", "_calc_dir", "_time_utc", "_exec_host"];

describe("prepBatch", () => {
  const home = process.cwd();
  afterEach(() => process.chdir(home));

  it("writes every file of two runs and of a simulated third, byte for byte; sh calc/run_local.sh runs each job in its pset folder", async () => {
    const dir = tmpDir("psweep-batch-");
    cpSync(fixture("two-machines/templates"), `${dir}/templates`, { recursive: true });
    process.chdir(dir); // the default template folders and calcDir are relative to the working directory

    // Run 1: two psets, with pset.json.
    const df1 = await prepBatch(
      [
        { a: 1, b: "x", opt: null },
        { a: 2, b: "y", opt: [1, 2] },
      ],
      { writePset: true },
    );
    const rows1 = dfExtractDicts(df1);
    expect(df1.schema.fields.map((f) => f.name)).toEqual(["a", "b", "opt", ...BOOK, "_pset_runtime"]);
    expect(rows1.map((r) => [r.a, r.b, r.opt, r._run_seq, r._pset_seq, r._calc_dir, r._exec_host])).toEqual([
      [1, "x", null, 0, 0, "calc", HOST],
      [2, "y", [1, 2], 0, 1, "calc", HOST],
    ]);
    expect(dfExtractDicts(await dfRead("calc/database.arrow"))).toEqual(rows1);
    let expected: Record<string, string> = {
      "database.arrow": "<arrow>",
      ...psetFiles(rows1[0]!, true),
      ...psetFiles(rows1[1]!, true),
      "run_local.sh": runScript([], rows1, "sh", "local"),
      "run_cluster.sh": runScript([], rows1, "sbatch", "cluster"),
      "array_cluster.sh": arrayScript(0, 2),
      "array_cluster_run_seq_0.txt": `${rows1[0]!._pset_id}\n${rows1[1]!._pset_id}\n`,
    };
    expect(texts("calc")).toEqual(expected);

    // The jobs for real: each writes result.txt into its own pset folder.
    const ran1 = sh(["calc/run_local.sh"], { cwd: dir });
    expect([ran1.status, ran1.stderr]).toEqual([0, ""]);
    for (const row of rows1) expected[`${row._pset_id}/result.txt`] = resultTxt(row);
    expect(texts("calc")).toEqual(expected);

    // Run 2: one more pset. The lines of run 1 are commented out, the array covers run 2 only.
    const df2 = await prepBatch([{ a: 3, b: "z", opt: { k: "v" } }], { writePset: true });
    const rows2 = dfExtractDicts(df2);
    expect(rows2.slice(0, 2)).toEqual(rows1);
    const [row3] = rows2.slice(2);
    expect([row3!.a, row3!.b, row3!.opt, row3!._run_seq, row3!._pset_seq, row3!._calc_dir]).toEqual([
      3,
      "z",
      { k: "v" },
      1,
      2,
      "calc",
    ]);
    expect(row3!._run_id).not.toBe(rows1[0]!._run_id);
    expect(dfExtractDicts(await dfRead("calc/database.arrow"))).toEqual(rows2);
    expected = {
      ...expected,
      ...psetFiles(row3!, true),
      "run_local.sh": runScript(rows1, [row3!], "sh", "local"),
      "run_cluster.sh": runScript(rows1, [row3!], "sbatch", "cluster"),
      "array_cluster.sh": arrayScript(1, 1),
      "array_cluster_run_seq_1.txt": `${row3!._pset_id}\n`,
    };
    expect(texts("calc")).toEqual(expected);

    // Commented lines do not run: only run 2's job writes its result.
    for (const row of rows1) rmSync(`calc/${row._pset_id}/result.txt`);
    const ran2 = sh(["calc/run_local.sh"], { cwd: dir });
    expect([ran2.status, ran2.stderr]).toEqual([0, ""]);
    for (const row of rows1) delete expected[`${row._pset_id}/result.txt`];
    expected[`${row3!._pset_id}/result.txt`] = resultTxt(row3!);
    expect(texts("calc")).toEqual(expected);

    // Run 3, simulated: calc/ stays as it was to the byte; calc.simulate/ holds the database
    // copy with the new row, the new pset's folder and run scripts with every earlier line commented.
    const before = tree("calc");
    const df3 = await prepBatch([{ a: 4, b: "w", opt: true }], { writePset: true, simulate: true });
    expect(tree("calc")).toEqual(before);
    const rows3 = dfExtractDicts(df3);
    expect(rows3.slice(0, 3)).toEqual(rows2);
    const [row4] = rows3.slice(3);
    expect([row4!.a, row4!._run_seq, row4!._pset_seq, row4!._calc_dir]).toEqual([4, 2, 3, "calc.simulate"]);
    expect(dfExtractDicts(await dfRead("calc.simulate/database.arrow"))).toEqual(rows3);
    expect(dfExtractDicts(await dfRead("calc/database.arrow"))).toEqual(rows2);
    expect(texts("calc.simulate")).toEqual({
      "database.arrow": "<arrow>",
      ...psetFiles(row4!, true),
      "run_local.sh": runScript(rows2, [row4!], "sh", "local"),
      "run_cluster.sh": runScript(rows2, [row4!], "sbatch", "cluster"),
      "array_cluster.sh": arrayScript(2, 1),
      "array_cluster_run_seq_2.txt": `${row4!._pset_id}\n`,
    });
    expect(readdirSync(dir).sort()).toEqual(["calc", "calc.simulate", "templates"]);

    // A second simulate starts again from calc/: the same three earlier lines, commented once.
    await prepBatch([{ a: 4, b: "w", opt: true }], { simulate: true });
    const again = readFileSync("calc.simulate/run_local.sh", "utf8").split("\n");
    expect(again.slice(4, 7)).toEqual(rows2.map((row) => `# ${runLine(row, "sh", "local")}`));
    expect(again[7]).toMatch(/^cd \$here\/[0-9a-f-]{36}; sh jobscript_local {2}# run_seq=2 pset_seq=3$/);
  });

  it("writes a SLURM job array whose tasks, run with SLURM_ARRAY_TASK_ID set, each run the jobscript in their own pset folder", async () => {
    const dir = tmpDir("psweep-batch-");
    const calcDir = `${dir}/calc`;
    const templates = fixture("two-machines/templates");
    const options = { calcDir, calcTemplDir: `${templates}/calc`, machineTemplDir: `${templates}/machines` };
    const rows = dfExtractDicts(
      await prepBatch(
        [
          { a: 1, b: "x", opt: null },
          { a: 2, b: "y", opt: [1, 2] },
          { a: 3, b: "z", opt: { k: "v" } },
        ],
        options,
      ),
    );
    expect(readFileSync(`${calcDir}/array_cluster.sh`, "utf8")).toBe(arrayScript(0, 3));
    expect(readFileSync(`${calcDir}/array_cluster_run_seq_0.txt`, "utf8")).toBe(
      rows.map((r) => `${r._pset_id}\n`).join(""),
    );

    // As sh runs it: the folder comes from the script's path (run from elsewhere, out of order).
    for (const task of [2, 0]) {
      const ran = sh([`${calcDir}/array_cluster.sh`], { cwd: dir, env: { SLURM_ARRAY_TASK_ID: String(task) } });
      expect([ran.status, ran.stderr]).toEqual([0, ""]);
    }
    // As sbatch runs it: a copy of the script elsewhere, the folder from SLURM_SUBMIT_DIR.
    mkdirSync(`${dir}/spool`);
    cpSync(`${calcDir}/array_cluster.sh`, `${dir}/spool/slurm_script`);
    const spooled = sh([`${dir}/spool/slurm_script`], {
      cwd: `${dir}/spool`,
      env: { SLURM_ARRAY_TASK_ID: "1", SLURM_SUBMIT_DIR: calcDir },
    });
    expect([spooled.status, spooled.stderr]).toEqual([0, ""]);

    rows.forEach((row, task) => {
      expect(readFileSync(`${calcDir}/${row._pset_id}/cluster.txt`, "utf8")).toBe(
        `cluster task ${task}: a=${row.a} b=${row.b}\n`,
      );
    });
    // One output per pset folder, and nothing written beside them.
    expect(Object.keys(tree(calcDir)).filter((path) => path.endsWith("cluster.txt"))).toHaveLength(3);

    const outOfRange = sh([`${calcDir}/array_cluster.sh`], { cwd: dir, env: { SLURM_ARRAY_TASK_ID: "3" } });
    expect(outOfRange.status).toBe(1);
    expect(outOfRange.stderr).toBe(
      `array_cluster.sh: no pset for task 3 in ${calcDir}/array_cluster_run_seq_0.txt (tasks are 0-2)\n`,
    );
    const unset = sh([`${calcDir}/array_cluster.sh`], { cwd: dir });
    expect([unset.status, unset.stderr]).toEqual([
      1,
      "array_cluster.sh: SLURM_ARRAY_TASK_ID is not set; submit with: sbatch array_cluster.sh\n",
    ]);
    const wrongDir = sh([`${dir}/spool/slurm_script`], {
      cwd: dir,
      env: { SLURM_ARRAY_TASK_ID: "0", SLURM_SUBMIT_DIR: dir },
    });
    expect(wrongDir.status).toBe(1);
    expect(wrongDir.stderr).toContain(
      `no file ${dir}/array_cluster_run_seq_0.txt; submit from the folder holding array_cluster.sh`,
    );
  });

  describe("template errors name file and line and leave every file as it was", () => {
    let dir: string;
    beforeEach(() => {
      dir = tmpDir("psweep-batch-");
    });
    const optionsOf = (name: string, more: Record<string, unknown> = {}) => ({
      calcDir: `${dir}/calc`,
      calcTemplDir: `${fixture(name)}/templates/calc`,
      machineTemplDir: `${fixture(name)}/templates/machines`,
      ...more,
    });

    it("a placeholder with no value in one of the psets", async () => {
      const fx = fixture("missing-key");
      const error = await prepBatch([{ a: 1, b: 2 }, { a: 2 }], optionsOf("missing-key")).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PsweepError);
      expect((error as Error).message).toBe(
        `prepBatch: ${fx}/templates/calc/input.txt line 2, column 5: $b has no value in params[1] {"a":2}. ` +
          "Templates can use the pset's keys (a) and the book-keeping fields _pset_hash, _pset_id, _run_seq, _pset_seq, _run_id, _calc_dir, _time_utc, _exec_host; " +
          'write $$ for a literal "$". Nothing was written',
      );
      expect(readdirSync(dir)).toEqual([]);

      // With an existing calc dir, and simulating: still nothing changes, and no calc.simulate appears.
      await prepBatch([{ a: 1, b: 2 }], optionsOf("missing-key"));
      const before = tree(dir);
      await expect(prepBatch([{ a: 3, b: 4 }, { a: 5 }], optionsOf("missing-key"))).rejects.toThrow(
        /input.txt line 2, column 5: \$b has no value in params\[1\]/,
      );
      await expect(prepBatch([{ a: 5 }], optionsOf("missing-key", { simulate: true }))).rejects.toThrow(
        /\$b has no value in params\[0\]/,
      );
      expect(tree(dir)).toEqual(before);
      expect(readdirSync(dir)).toEqual(["calc"]);
    });

    it("a stray $ (in a jobscript)", async () => {
      const fx = fixture("stray-dollar");
      await expect(prepBatch([{ a: 1 }], optionsOf("stray-dollar"))).rejects.toThrow(
        new PsweepError(
          `prepBatch: ${fx}/templates/machines/local/jobscript line 3, column 15: stray "$" followed by " each\\"" ("echo \\"price: 5$ each\\""). ` +
            'Write $$ for a literal "$" (e.g. $$HOME for a shell variable), or $name / ${name} for a pset value. Nothing was written',
        ),
      );
      expect(readdirSync(dir)).toEqual([]);
    });

    it("a jinja name with no value", async () => {
      const fx = fixture("jinja-undefined");
      const error = await prepBatch([{ a: 1 }], optionsOf("jinja-undefined", { templateMode: "jinja" })).catch(
        (e: unknown) => e,
      );
      expect((error as Error).message).toBe(
        `prepBatch: ${fx}/templates/calc/input.txt line 2, column 5 cannot be filled for params[0] {"a":1}: attempted to output null or undefined value at {{ nope }} ` +
          "(a name the pset lacks, or whose value is null; the pset's keys are a, plus the book-keeping fields " +
          "_pset_hash, _pset_id, _run_seq, _pset_seq, _run_id, _calc_dir, _time_utc, _exec_host). Nothing was written",
      );
      expect(readdirSync(dir)).toEqual([]);
    });

    it("info.yaml without subcmd, a calc template named like a jobscript, bad options", async () => {
      await expect(prepBatch([{ a: 1 }], optionsOf("no-subcmd"))).rejects.toThrow(
        `prepBatch: ${fixture("no-subcmd")}/templates/machines/local/info.yaml has no subcmd; write the command that submits a jobscript on this machine, e.g. "subcmd: sbatch" or "subcmd: sh"`,
      );
      await expect(prepBatch([{ a: 1 }], optionsOf("collision"))).rejects.toThrow(
        `prepBatch: ${fixture("collision")}/templates/calc/jobscript_local would be written to the same file of each pset folder as the jobscript of machine local (jobscript_local)`,
      );
      await expect(prepBatch([{ a: 1 }], optionsOf("two-machines", { templateMode: "mustache" }))).rejects.toThrow(
        /option templateMode must be "string" .* or "jinja"/,
      );
      await expect(prepBatch([{ a: 1 }], optionsOf("two-machines", { calc_templ_dir: "x" }))).rejects.toThrow(
        /unknown option "calc_templ_dir"; did you mean calcTemplDir\?/,
      );
      await expect(prepBatch([{ a: 1 }], optionsOf("two-machines", { poolsize: 2 }))).rejects.toThrow(
        /unknown option "poolsize" \(prepBatch writes files here/,
      );
      await expect(
        prepBatch([{ a: 1 }], { ...optionsOf("two-machines"), calcTemplDir: `${dir}/nowhere` }),
      ).rejects.toThrow(`prepBatch: calcTemplDir "${dir}/nowhere" does not exist`);
      await expect(prepBatch([{ a: Number.NaN }], optionsOf("missing-key"))).rejects.toThrow(
        /prepBatch: params\[0\]: .*NaN/,
      );
      expect(readdirSync(dir)).toEqual([]);
    });
  });

  it("follows Python's string.Template: $name, ${name}, $$, ASCII identifiers; values as String(v), JSON for arrays and objects", async () => {
    const dir = tmpDir("psweep-batch-");
    const fx = fixture("rules/templates");
    const calcDir = `${dir}/calc`;
    const pset = {
      a: 1,
      b: "two",
      x_1: "x",
      A_2: "A",
      big: 1e21,
      sum: 0.1 + 0.2,
      no: false,
      nested: { k: [1, null, "s"] },
      dollar: "$HOME ${a}",
    };
    const [row] = dfExtractDicts(
      await prepBatch([pset], { calcDir, calcTemplDir: `${fx}/calc`, machineTemplDir: `${fx}/machines` }),
    );
    expect(readFileSync(`${calcDir}/${row!._pset_id}/rules.txt`, "utf8")).toBe(
      '1two|1b|1.b|$a|$1|x|A|é1|twotwo\nvalues: 1e+21 0.30000000000000004 false {"k":[1,null,"s"]} $HOME ${a}\n',
    );
    // Stray "$"s, found when the template is parsed: line and column of the "$" (CRLF lines too).
    const strays: Array<[string, string]> = [
      ["x\r\ny\r\nz ${a", 'line 3, column 3: stray "$" followed by "{a"'],
      ["$1", 'line 1, column 1: stray "$" followed by "1"'],
      ["a $é", 'line 1, column 3: stray "$" followed by "é"'],
      ["${ a }", 'line 1, column 1: stray "$" followed by "{ a }"'],
      ["a\nend $", 'line 2, column 5: stray "$" at the end of the line'],
      ["a $\nb", 'line 1, column 3: stray "$" at the end of the line'],
    ];
    for (const [text, message] of strays)
      expect(() => parseStringTemplate(text, "t.txt")).toThrow(`prepBatch: t.txt ${message}`);
    expect(parseStringTemplate("$$ $$$$ ${_}$__x", "t.txt")).toEqual([
      "$ $$ ",
      { name: "_", line: 1, column: 9 },
      { name: "__x", line: 1, column: 13 },
    ]);
  });

  it('fills {{ name }} templates with templateMode: "jinja"; $ is plain text there', async () => {
    const dir = tmpDir("psweep-batch-");
    const fx = fixture("jinja/templates");
    const calcDir = `${dir}/calc`;
    const df = await prepBatch(
      [
        { a: 1, xs: [10, 20] },
        { a: 2, xs: [] },
      ],
      { calcDir, calcTemplDir: `${fx}/calc`, machineTemplDir: `${fx}/machines`, templateMode: "jinja" },
    );
    const rows = dfExtractDicts(df);
    for (const row of rows) {
      const xs = row.xs as number[];
      const lines = xs.map((x, i) => `x${i + 1} = ${x}\n`).join("");
      expect(readFileSync(`${calcDir}/${row._pset_id}/input.txt`, "utf8")).toBe(
        `a = ${row.a}\n${lines}id = ${row._pset_id}\ntime = ${(row._time_utc as Date).toISOString()}\ndollar = $a stays\n`,
      );
      expect(readFileSync(`${calcDir}/${row._pset_id}/jobscript_local`, "utf8")).toBe(
        `#!/bin/sh\necho "${Number(row.a) * 2} ${JSON.stringify(xs)}" > double.txt\n`,
      );
    }
    expect(readFileSync(`${calcDir}/run_local.sh`, "utf8")).toBe(runScript([], rows, "sh", "local"));
    const ran = sh([`${calcDir}/run_local.sh`], { cwd: dir });
    expect([ran.status, ran.stderr]).toEqual([0, ""]);
    expect(rows.map((row) => readFileSync(`${calcDir}/${row._pset_id}/double.txt`, "utf8"))).toEqual([
      "2 [10,20]\n",
      "4 []\n",
    ]);
  });

  it("a job reads its pset from the database (dfExtractPset) and from pset.json instead of placeholders", async () => {
    const dir = tmpDir("psweep-batch-");
    const fx = fixture("reader/templates");
    const calcDir = `${dir}/calc`;
    const rows = dfExtractDicts(
      await prepBatch(
        [
          { a: 1, b: "x" },
          { a: 2, b: "y" },
        ],
        { calcDir, calcTemplDir: `${fx}/calc`, machineTemplDir: `${fx}/machines`, writePset: true },
      ),
    );
    const ran = sh([`${calcDir}/run_local.sh`], {
      cwd: dir,
      env: { PSWEEP_TSX: join(repoRoot, "node_modules/.bin/tsx"), PSWEEP_JOB: fixture("reader/job.ts") },
    });
    expect([ran.status, ran.stderr]).toEqual([0, ""]);
    for (const row of rows) {
      const folder = `${calcDir}/${row._pset_id}`;
      expect(readFileSync(`${folder}/jobscript_local`, "utf8")).toBe('#!/bin/sh\n"$PSWEEP_TSX" "$PSWEEP_JOB"\n');
      expect(readFileSync(`${folder}/from_db.txt`, "utf8")).toBe(`{"a":${row.a},"b":"${row.b}"}\n`);
      expect(readFileSync(`${folder}/from_json.txt`, "utf8")).toBe(
        `{"a":${row.a},"b":"${row.b}","_pset_id":"${row._pset_id}"}\n`,
      );
      expect(readFileSync(`${folder}/product.txt`, "utf8")).toBe(`${Number(row.a) * 10}\n`);
    }
  });

  it("skipDups with nothing new comments out every line; save: false writes the folders but not the database", async () => {
    const dir = tmpDir("psweep-batch-");
    const calcDir = `${dir}/calc`;
    const templates = fixture("two-machines/templates");
    const options = { calcDir, calcTemplDir: `${templates}/calc`, machineTemplDir: `${templates}/machines` };
    const params = [{ a: 1, b: "x", opt: null }];
    const rows = dfExtractDicts(await prepBatch(params, options));

    const again = await prepBatch(params, { ...options, skipDups: true });
    expect(dfExtractDicts(again)).toEqual(rows);
    expect(readFileSync(`${calcDir}/run_local.sh`, "utf8")).toBe(runScript(rows, [], "sh", "local"));
    expect(readFileSync(`${calcDir}/array_cluster.sh`, "utf8")).toBe(
      "#!/bin/sh\n# SLURM job array written by psweep prepBatch: the latest prepBatch prepared no psets, so there is nothing to run.\n" +
        'echo "array_cluster.sh: the latest prepBatch prepared no psets; nothing to run" >&2\nexit 1\n',
    );
    expect(readdirSync(calcDir).filter((name) => name.includes("-"))).toEqual([rows[0]!._pset_id]);

    const database = readFileSync(`${calcDir}/database.arrow`);
    const unsaved = dfExtractDicts(await prepBatch([{ a: 2, b: "y", opt: [1, 2] }], { ...options, save: false }));
    expect(readFileSync(`${calcDir}/database.arrow`)).toEqual(database);
    const [row] = unsaved.slice(1);
    expect([unsaved.length, row!._run_seq, row!._pset_seq]).toEqual([2, 1, 1]);
    expect(texts(calcDir)).toMatchObject(psetFiles(row!, false));
    expect(readFileSync(`${calcDir}/run_local.sh`, "utf8")).toBe(runScript(rows, [row!], "sh", "local"));
  });

  it("git: true commits the pset folders, the database and the run scripts in one commit, and refuses a dirty tree", async () => {
    const dir = tmpDir("psweep-batch-git-");
    const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8" }).trim();
    cpSync(fixture("two-machines/templates"), `${dir}/templates`, { recursive: true });
    git("init", "-q", "-b", "main");
    git("config", "user.name", "Test User");
    git("config", "user.email", "test@example.com");
    git("add", "-A");
    git("commit", "-q", "-m", "templates");
    process.chdir(dir);

    const rows = dfExtractDicts(await prepBatch([{ a: 1, b: "x", opt: null }], { git: true }));
    expect(git("status", "--porcelain")).toBe("");
    expect(git("log", "-1", "--format=%s")).toBe(`psweep: ${basename(dir)}: run_id=${rows[0]!._run_id}`);
    expect(git("ls-files", "calc").split("\n")).toEqual(
      expect.arrayContaining([
        "calc/run_local.sh",
        "calc/run_cluster.sh",
        "calc/database.arrow",
        `calc/${rows[0]!._pset_id}/input.txt`,
      ]),
    );

    writeFileSync(`${dir}/notes.txt`, "draft\n");
    const before = tree(`${dir}/calc`);
    await expect(prepBatch([{ a: 2, b: "y", opt: null }], { git: true })).rejects.toThrow(
      /has uncommitted changes \(notes.txt\); commit or stash them first/,
    );
    expect(tree(`${dir}/calc`)).toEqual(before);
    expect(existsSync(`${dir}/calc.simulate`)).toBe(false);
  });
});
