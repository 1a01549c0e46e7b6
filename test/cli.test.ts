// The psweep command, run as users run it: the BUILT binary (dist/cli.js,
// `npx tsup` or `npm run build` first) spawned with node, on databases made
// by real run() calls. push/pull go to local folders with the real rsync.
//
// The built files are copied to a private folder first, so that a rebuild
// of dist/ by someone else while these tests run does not pull the binary
// away under them.

import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { Table } from "apache-arrow";
import { beforeAll, describe, expect, it } from "vitest";
import { planSync, type Here, type SyncOptions } from "../src/cli/sync.js";
import { dfExtractDicts, dfFormat, dfRead, pgrid, plist, run } from "./helpers/psweep.js";
import { tmpDir } from "./helpers/tmp.js";

const repo = fileURLToPath(new URL("..", import.meta.url));
const builtCli = join(repo, "dist", "cli.js");
let cli = builtCli;

/** Newest modification time (ms) of the files under `dir`. */
function newest(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => statSync(join(entry.parentPath, entry.name)).mtimeMs),
  );
}

beforeAll(() => {
  if (!existsSync(builtCli)) {
    throw new Error(
      `${builtCli} is missing: these tests run the built psweep command; build it first with \`npx tsup\` (or \`npm run build\`)`,
    );
  }
  if (statSync(builtCli).mtimeMs < Math.max(newest(join(repo, "src", "cli")), newest(join(repo, "bindings", "node")))) {
    throw new Error(
      `${builtCli} is older than the sources in src/cli/ or bindings/node/: rebuild it with \`npx tsup\` (or \`npm run build\`)`,
    );
  }
  // A private copy of the build (ESM files, package.json for "type": "module", node_modules linked).
  const copy = tmpDir("psweep-cli-build-");
  cpSync(join(repo, "dist"), join(copy, "dist"), {
    recursive: true,
    filter: (path) => !/\.(map|cjs|d\.ts|d\.cts)$/.test(path),
  });
  cpSync(join(repo, "package.json"), join(copy, "package.json"));
  symlinkSync(join(repo, "node_modules"), join(copy, "node_modules"), "dir");
  cli = join(copy, "dist", "cli.js");
  if (!existsSync(cli))
    throw new Error(`copying ${join(repo, "dist")} gave no cli.js (was dist/ being rebuilt?); run the tests again`);
});

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `node dist/cli.js ...args` in `cwd`. */
function psweep(args: string[], cwd = repo): Result {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// One database for the read-only tests: 6 rows, parameters a and b, results res and note.
const params = pgrid(plist("a", [1, 2, 30]), plist("b", ["x", "y|z"]));
const func = (p: { a: number; b: string }) => ({ res: p.a * 10, note: p.b === "x" ? null : { n: [p.a] } });

/** A study folder holding calc/ with a database of `params`. */
async function study(): Promise<{ dir: string; calcDir: string; db: string; df: Table }> {
  const dir = tmpDir("psweep-cli-study-");
  const calcDir = join(dir, "calc");
  const df = await run(func, params, { calcDir });
  return { dir, calcDir, db: join(calcDir, "database.arrow"), df };
}

/** Every file and folder under `dir` with its content and modification time: equal snapshots mean nothing changed. */
function snapshot(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      const info = statSync(path);
      return `${relative(dir, path)} ${entry.isDirectory() ? "dir" : readFileSync(path).toString("base64")} ${info.mtimeMs}`;
    })
    .sort();
}

/** Files (not folders) under `dir`, relative, sorted. */
const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();

/** RFC 4180 CSV -> rows of fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** The rows as JSON gives them back: Dates as ISO strings. */
const asJson = (df: Table) => JSON.parse(JSON.stringify(dfExtractDicts(df))) as Record<string, unknown>[];

describe("psweep --help", () => {
  it("lists every command, and every command and subcommand has its help (exit 0)", () => {
    const top = psweep(["--help"]);
    expect(top.status).toBe(0);
    for (const command of ["db", "check", "report", "plot", "push", "pull"])
      expect(top.stdout).toMatch(new RegExp(`^  ${command}\\b`, "m"));
    const db = psweep(["db", "--help"]);
    expect(db.status).toBe(0);
    for (const sub of ["show", "json", "csv"]) expect(db.stdout).toMatch(new RegExp(`^  ${sub}\\b`, "m"));
    for (const args of [
      ["db", "show"],
      ["db", "json"],
      ["db", "csv"],
      ["check"],
      ["report"],
      ["plot"],
      ["push"],
      ["pull"],
    ]) {
      const help = psweep([...args, "--help"]);
      expect(help.status, args.join(" ")).toBe(0);
      expect(help.stdout).toContain(`Usage: psweep ${args.join(" ")} [options]`);
      expect(help.stderr).toBe("");
    }
    expect(psweep(["db", "show", "--help"]).stdout.replace(/\s+/g, " ")).toContain(
      '(choices: "simple", "github", "csv", "json", default: "simple")',
    );
    expect(psweep(["pull", "--help"]).stdout).toContain("--overwrite-database");
  });

  it("no command, or an unknown one: usage on stderr, exit 2", () => {
    const none = psweep([]);
    expect(none.status).toBe(2);
    expect(none.stdout).toBe("");
    expect(none.stderr).toContain("Usage: psweep");
    const unknown = psweep(["frobnicate"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  });
});

describe("psweep db show", () => {
  let s: Awaited<ReturnType<typeof study>>;
  beforeAll(async () => {
    s = await study();
  });

  it("shows parameters and results as dfFormat does (numbers right-aligned, nulls empty, nested as JSON)", () => {
    const result = psweep(["db", "show", s.db]);
    expect(result).toEqual({
      status: 0,
      stderr: "",
      stdout: [
        " a  b    res  note",
        " 1  x     10",
        ' 1  y|z   10  {"n":[1]}',
        " 2  x     20",
        ' 2  y|z   20  {"n":[2]}',
        "30  x    300",
        '30  y|z  300  {"n":[30]}',
        "",
      ].join("\n"),
    });
    expect(result.stdout).toBe(dfFormat(s.df));
  });

  it("cols: exactly those columns, in that order, book-keeping ones too", () => {
    const seq = psweep(["db", "show", s.db, "res", "a", "_pset_seq"]);
    expect(seq.status).toBe(0);
    expect(seq.stdout).toBe(
      [
        "res   a  _pset_seq",
        " 10   1          0",
        " 10   1          1",
        " 20   2          2",
        " 20   2          3",
        "300  30          4",
        "300  30          5",
        "",
      ].join("\n"),
    );
  });

  it("--index: the row number first", () => {
    expect(psweep(["db", "show", s.db, "b", "res", "--index"]).stdout).toBe(
      [
        "   b    res",
        "0  x     10",
        "1  y|z   10",
        "2  x     20",
        "3  y|z   20",
        "4  x    300",
        "5  y|z  300",
        "",
      ].join("\n"),
    );
  });

  it("--all: every column, book-keeping ones in their place (as dfFormat with prefixCols)", () => {
    const all = psweep(["db", "show", s.db, "--all"]);
    expect(all.status).toBe(0);
    expect(all.stdout).toBe(dfFormat(s.df, { prefixCols: true }));
    expect(all.stdout.split("\n")[0]!.split(/ +/).filter(Boolean)).toEqual(s.df.schema.fields.map((f) => f.name));
    for (const row of dfExtractDicts(s.df)) expect(all.stdout).toContain(row._pset_id as string);
    expect(psweep(["db", "show", s.db, "-a", "-i"]).stdout).toBe(dfFormat(s.df, { prefixCols: true, index: true }));
  });

  it("--format github: a markdown table, numbers right-aligned, | escaped", () => {
    expect(psweep(["db", "show", s.db, "--format", "github"]).stdout).toBe(
      [
        "|  a | b    | res | note       |",
        "|---:|:-----|----:|:-----------|",
        "|  1 | x    |  10 |            |",
        '|  1 | y\\|z |  10 | {"n":[1]}  |',
        "|  2 | x    |  20 |            |",
        '|  2 | y\\|z |  20 | {"n":[2]}  |',
        "| 30 | x    | 300 |            |",
        '| 30 | y\\|z | 300 | {"n":[30]} |',
        "",
      ].join("\n"),
    );
    expect(psweep(["db", "show", s.db, "a", "-f", "github", "--index"]).stdout).toBe(
      [
        "|   |  a |",
        "|--:|---:|",
        "| 0 |  1 |",
        "| 1 |  1 |",
        "| 2 |  2 |",
        "| 3 |  2 |",
        "| 4 | 30 |",
        "| 5 | 30 |",
        "",
      ].join("\n"),
    );
  });

  it("--format csv: the chosen columns as dfWrite's CSV", () => {
    const csv = psweep(["db", "show", s.db, "b", "note", "-f", "csv"]);
    expect(csv.status).toBe(0);
    expect(csv.stdout).toBe(
      'b,note\r\nx,\r\ny|z,"{""n"":[1]}"\r\nx,\r\ny|z,"{""n"":[2]}"\r\nx,\r\ny|z,"{""n"":[30]}"\r\n',
    );
    expect(parseCsv(psweep(["db", "show", s.db, "-f", "csv"]).stdout)).toEqual([
      ["a", "b", "res", "note"],
      ...dfExtractDicts(s.df).map((r) => [
        String(r.a),
        r.b,
        String(r.res),
        r.note === null ? "" : JSON.stringify(r.note),
      ]),
    ]);
  });

  it("--format json: records of the chosen columns, values decoded", () => {
    const json = psweep(["db", "show", s.db, "-f", "json"]);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(dfExtractDicts(s.df).map(({ a, b, res, note }) => ({ a, b, res, note })));
    expect(JSON.parse(psweep(["db", "show", s.db, "note", "a", "-f", "json"]).stdout)).toEqual([
      { note: null, a: 1 },
      { note: { n: [1] }, a: 1 },
      { note: null, a: 2 },
      { note: { n: [2] }, a: 2 },
      { note: null, a: 30 },
      { note: { n: [30] }, a: 30 },
    ]);
    expect(JSON.parse(psweep(["db", "show", s.db, "--all", "-f", "json"]).stdout)).toEqual(asJson(s.df));
  });

  it("bad input: clear message on stderr, exit 2, nothing on stdout", () => {
    const cases: [string[], RegExp][] = [
      [["db", "show", join(s.dir, "nope.arrow")], /^psweep db show: no database at .*nope\.arrow \(no such file\)\n$/],
      [
        ["db", "show", s.calcDir],
        /^psweep db show: .*calc is a directory; give the database file, e.g\. .*calc\/database\.arrow\n$/,
      ],
      [
        ["db", "show", s.db, "a", "nope", "zz"],
        /^psweep db show: no column "nope", "zz" in .*database\.arrow; its columns are: a, b, _pset_hash, _pset_id, .*, res, note, _pset_runtime\n$/,
      ],
      [
        ["db", "show", s.db, "--format", "xml"],
        /option '-f, --format <format>' argument 'xml' is invalid\. Allowed choices are simple, github, csv, json\./,
      ],
      [["db", "show", s.db, "a", "--all"], /give column names or --all, not both/],
      [["db", "show", s.db, "a", "a"], /column "a" given twice/],
      [["db", "show", s.db, "-f", "csv", "--index"], /--index is for the table formats \(simple, github\)/],
      [["db", "show", s.db, "--colour"], /unknown option '--colour'/],
      [["db", "show"], /missing required argument 'db'/],
    ];
    for (const [args, message] of cases) {
      const result = psweep(args);
      expect(result.status, args.join(" ")).toBe(2);
      expect(result.stdout, args.join(" ")).toBe("");
      expect(result.stderr, args.join(" ")).toMatch(message);
    }
    // a file that is not a database
    writeFileSync(join(s.dir, "not-a-db.arrow"), "hello");
    const garbage = psweep(["db", "show", join(s.dir, "not-a-db.arrow")]);
    expect(garbage.status).toBe(2);
    expect(garbage.stderr).toMatch(
      /^psweep db show: cannot read .*not-a-db\.arrow as a psweep database \(an Arrow IPC file\)/,
    );
  });
});

describe("psweep db json / csv", () => {
  it("json: every column as dfWrite writes it, parsed back to the database's rows", async () => {
    const s = await study();
    const json = psweep(["db", "json", s.db]);
    expect(json.status).toBe(0);
    expect(json.stderr).toBe("");
    expect(JSON.parse(json.stdout)).toEqual(asJson(s.df));
    // -o: the same bytes into a file (parents created); an existing file needs --force
    const out = join(s.dir, "export", "db.json");
    expect(psweep(["db", "json", s.db, "-o", out])).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(readFileSync(out, "utf8")).toBe(json.stdout);
    writeFileSync(out, "keep me");
    const refused = psweep(["db", "json", s.db, "-o", out]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^psweep db json: .*db\.json exists; add --force to replace it\n$/);
    expect(readFileSync(out, "utf8")).toBe("keep me");
    expect(psweep(["db", "json", s.db, "-o", out, "--force"]).status).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(json.stdout);
    // never onto the database itself
    const before = readFileSync(s.db);
    const self = psweep(["db", "json", s.db, "-o", s.db, "--force"]);
    expect(self.status).toBe(2);
    expect(self.stderr).toContain("is the database itself");
    expect(readFileSync(s.db).equals(before)).toBe(true);
  });

  it("csv: a header of every column and one record per row, parsed back", async () => {
    const s = await study();
    const csv = psweep(["db", "csv", s.db]);
    expect(csv.status).toBe(0);
    const [header, ...records] = parseCsv(csv.stdout);
    expect(header).toEqual(s.df.schema.fields.map((f) => f.name));
    const rows = asJson(s.df);
    expect(records).toHaveLength(rows.length);
    records.forEach((record, i) => {
      const row = rows[i]!;
      header!.forEach((name, j) => {
        const value = row[name];
        expect(record[j], `${name} of row ${i}`).toBe(
          value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value),
        );
      });
    });
    const out = join(s.dir, "db.csv");
    expect(psweep(["db", "csv", s.db, "--output", out]).status).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(csv.stdout);
  });

  it("bad input: missing database, --force without -o", async () => {
    const dir = tmpDir();
    const missing = psweep(["db", "csv", join(dir, "calc", "database.arrow")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^psweep db csv: no database at .*database\.arrow \(no such file\)\n$/);
    expect(psweep(["db", "json", join(dir, "x.arrow"), "--force"]).stderr).toContain("--force goes with -o/--output");
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("psweep check", () => {
  it("exit 0 when every pset has its folder and every folder its row; exit 1 listing both kinds of difference", async () => {
    const s = await study();
    const ids = dfExtractDicts(s.df).map((r) => r._pset_id as string);
    for (const id of ids) mkdirSync(join(s.calcDir, id));
    const ok = psweep(["check", "calc"], s.dir);
    expect(ok).toEqual({
      status: 0,
      stderr: "",
      stdout: "calc and calc/database.arrow agree: 6 psets in the database, each with its folder\n",
    });

    const gone = [...ids].sort().slice(0, 2);
    for (const id of gone) rmSync(join(s.calcDir, id), { recursive: true });
    const stray = "00000000-0000-4000-8000-000000000000";
    mkdirSync(join(s.calcDir, stray));
    mkdirSync(join(s.calcDir, "not-a-pset-folder"));
    const differ = psweep(["check", "calc"], s.dir);
    expect(differ).toEqual({
      status: 1,
      stderr: "",
      stdout: [
        "2 psets in calc/database.arrow without a folder in calc:",
        `  ${gone[0]}`,
        `  ${gone[1]}`,
        "1 folder in calc without a row in calc/database.arrow:",
        `  ${stray}`,
        "",
      ].join("\n"),
    });
    const json = psweep(["check", s.calcDir, "--json"]);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({ dbNotDisk: gone, diskNotDb: [stray] });
  });

  it("--database: another database file for the calc dir", async () => {
    const s = await study();
    const other = join(s.dir, "elsewhere.arrow");
    cpSync(s.db, other);
    const ids = dfExtractDicts(s.df).map((r) => r._pset_id as string);
    for (const id of ids) mkdirSync(join(s.calcDir, id));
    rmSync(s.db);
    expect(psweep(["check", s.calcDir]).status).toBe(2);
    const result = psweep(["check", s.calcDir, "--database", other]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`agree: 6 psets`);
  });

  it("bad input: exit 2", async () => {
    const dir = tmpDir();
    const noDir = psweep(["check", join(dir, "calc")]);
    expect(noDir.status).toBe(2);
    expect(noDir.stderr).toMatch(/^psweep check: no calc dir .*calc \(no such directory\)\n$/);
    mkdirSync(join(dir, "calc"));
    const noDb = psweep(["check", "calc"], dir);
    expect(noDb.status).toBe(2);
    expect(noDb.stderr).toBe("psweep check: no database at calc/database.arrow (no such file)\n");
    writeFileSync(join(dir, "file"), "");
    expect(psweep(["check", "file"], dir).stderr).toContain("file is not a directory");
  });
});

describe("psweep push / pull (rsync to a local folder)", () => {
  /** A study with pset folders holding outputs, rule files, and a stale lock in calc/.psweep/. */
  async function studyWithFiles() {
    const s = await study();
    const ids = dfExtractDicts(s.df).map((r) => r._pset_id as string);
    for (const id of ids) {
      mkdirSync(join(s.calcDir, id));
      writeFileSync(join(s.calcDir, id, "out.txt"), `out of ${id}\n`);
      writeFileSync(join(s.calcDir, id, "big.npy"), "big");
      writeFileSync(join(s.calcDir, id, "run.log"), "log");
      writeFileSync(join(s.calcDir, id, "scratch.tmp"), "tmp");
    }
    writeFileSync(join(s.dir, "excl_push"), "*.npy\n");
    writeFileSync(join(s.dir, "rsync.filter"), "- *.log\n");
    writeFileSync(join(s.calcDir, ".psweep", "database.arrow.lock"), "{}");
    return { ...s, ids };
  }

  it("push: calc/ arrives with the database; excluded files (excl_push, rsync.filter, --exclude) and the lock do not; --dry-run changes nothing", async () => {
    const s = await studyWithFiles();
    const target = join(tmpDir(), "cluster", "study");
    const dry = psweep(["push", target, "--dry-run", "--exclude", "*.tmp"], s.dir);
    expect(dry.status).toBe(0);
    expect(dry.stderr).toContain("psweep push: rsync --recursive --perms --times --update");
    expect(dry.stderr).toContain("--dry-run");
    expect(dry.stdout).toContain(`calc/${s.ids[0]}/out.txt`);
    expect(dry.stdout).not.toContain("big.npy");
    expect(existsSync(join(target, ".."))).toBe(false);

    const pushed = psweep(["push", target, "--exclude", "*.tmp"], s.dir);
    expect(pushed.status).toBe(0);
    expect(pushed.stderr).toContain("--exclude-from=excl_push '--filter=merge rsync.filter'");
    expect(files(target)).toEqual(["calc/database.arrow", ...s.ids.map((id) => `calc/${id}/out.txt`)].sort());
    expect(readFileSync(join(target, "calc", "database.arrow")).equals(readFileSync(s.db))).toBe(true);
    expect(asJson(await dfRead(join(target, "calc", "database.arrow")))).toEqual(asJson(s.df));

    // a second dry run of a changed study leaves the target as it was
    writeFileSync(join(s.calcDir, s.ids[0]!, "new.txt"), "new");
    const before = snapshot(target);
    expect(psweep(["push", target, "-n"], s.dir).status).toBe(0);
    expect(snapshot(target)).toEqual(before);
  });

  it("push: a file newer on the other side is not replaced (--update); --no-database leaves the database out", async () => {
    const s = await studyWithFiles();
    const target = join(tmpDir(), "study");
    expect(psweep(["push", target, "--no-database"], s.dir).status).toBe(0);
    expect(existsSync(join(target, "calc", "database.arrow"))).toBe(false);
    expect(existsSync(join(target, "calc", ".psweep"))).toBe(false);
    const theirs = join(target, "calc", s.ids[0]!, "out.txt");
    writeFileSync(theirs, "newer there\n");
    const ours = join(s.calcDir, s.ids[0]!, "out.txt");
    writeFileSync(ours, "older here\n");
    utimesSync(ours, new Date("2020-01-01"), new Date("2020-01-01"));
    const pushed = psweep(["push", target], s.dir);
    expect(pushed.status).toBe(0);
    expect(pushed.stdout).toContain(`calc/${s.ids[0]}/out.txt is newer`);
    expect(readFileSync(theirs, "utf8")).toBe("newer there\n");
    expect(existsSync(join(target, "calc", "database.arrow"))).toBe(true);
  });

  it("pull: new files arrive, excluded ones do not, the local database is kept and the remote one lands in calc/remote/; --dry-run changes nothing", async () => {
    const s = await studyWithFiles();
    const remote = join(tmpDir(), "study");
    expect(psweep(["push", remote], s.dir).status).toBe(0);
    // On the other side: one more run (the database grows) and new outputs.
    await run(func, [{ a: 99, b: "new" }], { calcDir: join(remote, "calc") });
    for (const id of s.ids) {
      writeFileSync(join(remote, "calc", id, "result.txt"), `result of ${id}\n`);
      writeFileSync(join(remote, "calc", id, "result.npy"), "npy");
    }
    writeFileSync(join(s.dir, "excl_pull"), "*.npy\n");
    writeFileSync(join(remote, "calc", ".psweep", "database.arrow.lock"), "{}");
    const ourDb = readFileSync(s.db);

    const before = snapshot(s.dir);
    const dry = psweep(["pull", remote, "--dry-run"], s.dir);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain(`calc/${s.ids[0]}/result.txt`);
    expect(dry.stderr).toContain(
      "psweep pull: (dry run) remote database would be copied to calc/remote/database.arrow; your calc/database.arrow is left as it was",
    );
    expect(snapshot(s.dir)).toEqual(before);

    const pulled = psweep(["pull", remote], s.dir);
    expect(pulled.status).toBe(0);
    expect(pulled.stderr).toContain(
      "psweep pull: remote database copied to calc/remote/database.arrow; your calc/database.arrow is left as it was " +
        "(psweep db show calc/remote/database.arrow shows it; --overwrite-database replaces yours with it)\n",
    );
    for (const id of s.ids) {
      expect(readFileSync(join(s.calcDir, id, "result.txt"), "utf8")).toBe(`result of ${id}\n`);
      expect(existsSync(join(s.calcDir, id, "result.npy"))).toBe(false);
    }
    expect(readFileSync(s.db).equals(ourDb)).toBe(true);
    expect((await dfRead(s.db)).numRows).toBe(6);
    expect((await dfRead(join(s.calcDir, "remote", "database.arrow"))).numRows).toBe(7);
    expect(psweep(["db", "show", "calc/remote/database.arrow", "a", "b"], s.dir).stdout.split("\n").at(-2)).toBe(
      "99  new",
    );
    // the lock of the other side never comes over
    expect(existsSync(join(s.calcDir, "remote", ".psweep", "database.arrow.lock"))).toBe(false);
    // calc/remote/ is not pushed back
    expect(psweep(["push", remote], s.dir).status).toBe(0);
    expect(existsSync(join(remote, "calc", "remote"))).toBe(false);

    // --overwrite-database: now the local database is the remote one
    const replaced = psweep(["pull", remote, "--overwrite-database"], s.dir);
    expect(replaced.status).toBe(0);
    expect(replaced.stderr).toContain(
      "psweep pull: remote database copied to calc/database.arrow, replacing yours (--overwrite-database)",
    );
    expect(readFileSync(s.db).equals(readFileSync(join(remote, "calc", "database.arrow")))).toBe(true);
  });

  it("pull into a study without a database: the database lands in calc/; --no-database leaves it out", async () => {
    const s = await studyWithFiles();
    const remote = join(tmpDir(), "study");
    expect(psweep(["push", remote], s.dir).status).toBe(0);
    const fresh = tmpDir();
    const bare = psweep(["pull", remote, "--no-database"], fresh);
    expect(bare.status).toBe(0);
    expect(existsSync(join(fresh, "calc", s.ids[0]!, "out.txt"))).toBe(true);
    expect(existsSync(join(fresh, "calc", "database.arrow"))).toBe(false);
    const pulled = psweep(["pull", remote], fresh);
    expect(pulled.status).toBe(0);
    expect(pulled.stderr).toContain("psweep pull: remote database copied to calc/database.arrow (there was none here)");
    expect(readFileSync(join(fresh, "calc", "database.arrow")).equals(readFileSync(s.db))).toBe(true);
    expect(existsSync(join(fresh, "calc", "remote"))).toBe(false);
  });

  it("bad input: exit 2, nothing copied", async () => {
    const s = await studyWithFiles();
    const target = join(tmpDir(), "study");
    const cases: [string[], string, RegExp][] = [
      [
        ["push", target, "--exclude-from", "no-such-rules"],
        s.dir,
        /^psweep push: no rule file no-such-rules \(no such file\)\n$/,
      ],
      [
        ["push", target, "extra"],
        s.dir,
        /unexpected argument "extra": give one target; extra rsync options go after --/,
      ],
      [
        ["push", target],
        tmpDir(),
        /^psweep push: no calc in .*; run psweep push in the study folder that holds it, or give --calc-dir\n$/,
      ],
      [
        ["push", target, "--calc-dir", "../calc"],
        s.dir,
        /--calc-dir "\.\.\/calc": give a folder below the current directory/,
      ],
      [["push", "."], s.dir, /\. is the current directory/],
      [["push", "host::module"], s.dir, /rsync daemon targets are not supported/],
      [
        ["pull", target],
        s.dir,
        /^psweep pull: no calc in .*study; give the study folder that holds it, or --calc-dir\n$/,
      ],
      [["push", target, "--overwrite-database"], s.dir, /unknown option '--overwrite-database'/],
    ];
    const before = snapshot(s.dir);
    for (const [args, cwd, message] of cases) {
      const result = psweep(args, cwd);
      expect(result.status, args.join(" ")).toBe(2);
      expect(result.stderr, args.join(" ")).toMatch(message);
    }
    expect(existsSync(target)).toBe(false);
    expect(snapshot(s.dir)).toEqual(before);
  });
});

describe("push / pull targets (the rsync calls, without running them)", () => {
  const here = (existing: string[] = []): Here => ({
    cwd: "/home/me/studies/s1",
    home: "/home/me",
    exists: async (path) => path === "/home/me/studies/s1/calc" || existing.includes(path),
    nonEmptyDir: async () => false,
  });
  const options = (target: string, more: Partial<SyncOptions> = {}): SyncOptions => ({
    target,
    calcDir: "calc",
    databaseBasename: "database.arrow",
    database: true,
    dryRun: false,
    exclude: [],
    excludeFrom: [],
    filterFrom: [],
    rsyncArgs: [],
    ...more,
  });

  it("host:path goes over ssh, creating the folder there first; host: is this folder's path relative to $HOME, as psweep-push does", async () => {
    const push = (await planSync("push", options("hpc:scratch/my study"), here())).calls[0]!.args;
    expect(push.slice(-2)).toEqual(["calc", "hpc:scratch/my study/"]);
    expect(push).toContain("--rsync-path=mkdir -p 'scratch/my study' && rsync");
    expect((await planSync("push", options("hpc:~/s1"), here())).calls[0]!.args).toContain(
      "--rsync-path=mkdir -p ~/s1 && rsync",
    );
    expect((await planSync("push", options("hpc:~/it's"), here())).calls[0]!.args).toContain(
      "--rsync-path=mkdir -p ~/'it'\\''s' && rsync",
    );
    expect((await planSync("push", options("me@hpc:"), here())).calls[0]!.args.at(-1)).toBe("me@hpc:studies/s1/");
    // a dry run creates nothing, not even the folder
    expect(
      (await planSync("push", options("hpc:x", { dryRun: true }), here())).calls[0]!.args.some((a) =>
        a.startsWith("--rsync-path"),
      ),
    ).toBe(false);
    await expect(planSync("push", options("hpc:"), { ...here(), home: "/other" })).rejects.toThrow(
      /not inside it; give host:path/,
    );

    const pull = await planSync(
      "pull",
      options("hpc:", { rsyncArgs: ["-e", "ssh -p 2222"] }),
      here(["/home/me/studies/s1/calc/database.arrow"]),
    );
    expect(pull.calls.map((c) => c.args.slice(-3))).toEqual([
      ["--", "hpc:studies/s1/./calc", "./"],
      ["hpc:studies/s1/calc/./database.arrow", "hpc:studies/s1/calc/./.psweep/database.arrow.wal", "calc/remote/"],
    ]);
    expect(pull.databaseMode).toBe("mirror");
    expect(pull.calls[1]!.args).toContain("--delete-missing-args");
    expect(
      (
        await planSync(
          "pull",
          options("hpc:s1", { overwriteDatabase: true }),
          here(["/home/me/studies/s1/calc/database.arrow"]),
        )
      ).databaseMode,
    ).toBe("replace");
    expect((await planSync("pull", options("hpc:s1"), here())).databaseMode).toBe("fresh");
  });

  it("rule files found here and given as options, after the database's own excludes; --calc-dir keeps its path on both sides", async () => {
    const rules = [
      "/home/me/studies/s1/excl_push",
      "/home/me/studies/s1/rsync.rules",
      "/home/me/studies/s1/mine",
      "/home/me/studies/s1/a/calc",
    ];
    const args = (
      await planSync(
        "push",
        options("/mnt/s1", { calcDir: "a/calc/", exclude: ["*.npy"], excludeFrom: ["mine"] }),
        here(rules),
      )
    ).calls[0]!.args;
    expect(args.filter((a) => a.startsWith("--exclude") || a.startsWith("--filter"))).toEqual([
      "--exclude=/a/calc/.psweep/*.lock",
      "--exclude=/a/calc/.psweep/*.lock.break",
      "--exclude=/a/calc/.psweep/*.journal",
      "--exclude=/a/calc/.psweep/*.tmp",
      "--exclude=/a/calc/database.arrow.tmp",
      "--exclude=/a/calc/remote/",
      "--exclude=*.npy",
      "--exclude-from=excl_push",
      "--exclude-from=mine",
      "--filter=merge rsync.rules",
    ]);
    expect(args.slice(-2)).toEqual(["a/calc", "/mnt/s1/"]);
  });
});
