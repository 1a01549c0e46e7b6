// Run output as users see it, from real processes: stderr piped (a cluster
// log, CI) and a pseudo-terminal (script -qc).
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { tmpDir } from "./helpers/tmp.js";

const FIXTURE = ["--import", "tsx", "test/fixtures/progress.ts"];

/** The screen a terminal shows after `text`: \r returns, ESC[K clears to the line's end, other escapes are dropped. */
function screen(text: string): string[] {
  const lines: string[] = [""];
  let col = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const row = lines.length - 1;
    if (c === "\r") col = 0;
    else if (c === "\n") {
      lines.push("");
      col = 0;
    } else if (c === "\x1b") {
      // eslint-disable-next-line no-control-regex -- ANSI escape sequences are what this parses
      const m = /^\x1b\[[0-9;?]*([A-Za-z])/.exec(text.slice(i));
      if (m?.[1] === "K") lines[row] = lines[row]!.slice(0, col);
      i += (m?.[0].length ?? 1) - 1;
    } else {
      const line = lines[row]!.padEnd(col);
      lines[row] = line.slice(0, col) + c + line.slice(col + 1);
      col++;
    }
  }
  return lines.filter((line) => line !== "");
}

const BAR = /^\[[#-]{24}\] \d+\/\d+/;

describe("run output, stderr not a terminal", () => {
  it("prints 0/N before any pset finishes, a plain line every 5 s, and a summary at the end", async () => {
    const calcDir = `${tmpDir()}/calc`;
    const child = spawn(process.execPath, [...FIXTURE, calcDir, "3", "2200", JSON.stringify({ progress: true })], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    let stdout = "";
    let finishedAtFirstLine: boolean | undefined;
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
      if (finishedAtFirstLine === undefined && stderr.includes("\n"))
        finishedAtFirstLine = existsSync(`${calcDir}.done-0`);
    });
    const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(status).toBe(0);
    expect(stdout).toBe("");
    // eslint-disable-next-line no-control-regex -- no cursor movement or ANSI escape when piped
    expect(stderr).not.toMatch(/[\r\x1b]/);
    const lines = stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^psweep: 0\/3  left \?  elapsed 0:00:00$/);
    expect(finishedAtFirstLine).toBe(false);
    // About 6.6 s: one line at 5 s (a pset or two done), then the summary.
    const middle = lines.slice(1, -1);
    expect(middle.length).toBeGreaterThanOrEqual(1);
    for (const line of middle)
      expect(line).toMatch(/^psweep: [0-3]\/3  (left \?|\d+\.\d\d psets\/s  left \d:\d\d:\d\d)  elapsed \d:\d\d:\d\d$/);
    expect(middle.some((line) => /^psweep: [12]\/3  0\.\d\d psets\/s  left 0:00:0\d/.test(line))).toBe(true);
    expect(lines.at(-1)).toMatch(/^psweep: 3 psets done in 0:00:0[6-9] \(0\.\d\d psets\/s\)$/);
  }, 60_000);

  it('announces failures recorded with onError "record" in the summary', () => {
    const calcDir = `${tmpDir()}/calc`;
    const { status, stderr } = spawnSync(
      process.execPath,
      [...FIXTURE, calcDir, "5", "1", JSON.stringify({ progress: true, onError: "record" }), "fail"],
      { encoding: "utf8" },
    );
    expect(status).toBe(0);
    const lines = stderr.trimEnd().split("\n");
    expect(lines[0]).toBe("psweep: 0/5  left ?  elapsed 0:00:00");
    expect(lines.at(-1)).toMatch(
      /^psweep: 3 psets done in 0:00:0\d \(\d+(\.\d+)? psets\/s\); 2 FAILED \(recorded with _failed and _exc_txt in the database\)$/,
    );
  }, 60_000);

  it("counts psets skipped as duplicates, also when nothing is left to run", () => {
    const calcDir = `${tmpDir()}/calc`;
    const once = spawnSync(process.execPath, [...FIXTURE, calcDir, "2", "1", JSON.stringify({ progress: true })], {
      encoding: "utf8",
    });
    expect(once.status).toBe(0);
    const more = spawnSync(
      process.execPath,
      [...FIXTURE, calcDir, "3", "1", JSON.stringify({ progress: true, skipDups: true })],
      { encoding: "utf8" },
    );
    expect(more.stderr.split("\n")[0]).toBe("psweep: 0/1  2 skipped  left ?  elapsed 0:00:00");
    expect(more.stderr.trimEnd().split("\n").at(-1)).toMatch(
      /^psweep: 1 pset done in 0:00:0\d \(\d+(\.\d+)? psets\/s\), 2 skipped \(already in the database\)$/,
    );
    const again = spawnSync(
      process.execPath,
      [...FIXTURE, calcDir, "3", "1", JSON.stringify({ progress: true, skipDups: true })],
      { encoding: "utf8" },
    );
    expect(again.stderr).toMatch(/^psweep: 0 psets done in 0:00:0\d, 3 skipped \(already in the database\)\n$/);
  }, 60_000);

  it("ends, with its summary, when the executor throws", () => {
    const { status, stdout, stderr } = spawnSync(
      process.execPath,
      [...FIXTURE, `${tmpDir()}/calc`, "3", "1", JSON.stringify({ progress: true }), "broken"],
      { encoding: "utf8", timeout: 30_000 },
    );
    expect(status).toBe(0);
    expect(stdout).toBe("error queue down\n");
    expect(stderr).toBe("psweep: 0/3  left ?  elapsed 0:00:00\npsweep: stopped after 0 of 3 psets\n");
  }, 60_000);

  it("is off by default", () => {
    const { stdout, stderr, status } = spawnSync(process.execPath, [...FIXTURE, `${tmpDir()}/calc`, "3", "1", "{}"], {
      encoding: "utf8",
    });
    expect(status).toBe(0);
    expect(stdout + stderr).toBe("");
  }, 60_000);
});

describe("run output on a terminal", () => {
  const inTerminal = (args: string[]) => {
    const command = [process.execPath, ...FIXTURE, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
    return spawnSync("script", ["-qec", command, "/dev/null"], { encoding: "utf8" });
  };

  it("draws the bar at once and never on a line with func's output", () => {
    const calcDir = `${tmpDir()}/calc`;
    const { status, stdout } = inTerminal([calcDir, "4", "150", "{}", "print"]);
    expect(status).toBe(0);
    // The first thing on the terminal is the bar at 0/4.
    expect(stdout.startsWith("\r\x1b[K[------------------------] 0/4  left ?")).toBe(true);
    const lines = screen(stdout);
    const notes = lines.filter((line) => /note|piece/.test(line));
    for (const line of lines) {
      const isBar = BAR.test(line) || line.startsWith("psweep: ");
      const isFunc = /^(note a=\d|piece a=\d)/.test(line);
      expect(isBar !== isFunc, `a line that is both or neither: ${JSON.stringify(line)}`).toBe(true);
      if (isBar) expect(line).not.toMatch(/note|piece/);
    }
    expect(notes.filter((line) => /^note a=\d$/.test(line))).toHaveLength(4);
    expect(notes.filter((line) => /^piece a=\d end$/.test(line))).toHaveLength(4);
    // the rate: two decimals below 10 psets/s, whole above
    expect(lines.at(-1)).toMatch(/^psweep: 4 psets done in 0:00:0\d \((\d\.\d\d|\d{2,}) psets\/s\)$/);
  }, 60_000);

  it("keeps output printed in pool workers off the bar's line too", () => {
    const command = `'${process.execPath}' --import tsx test/fixtures/pool/progress.ts '${tmpDir()}/calc'`;
    const { status, stdout } = spawnSync("script", ["-qec", command, "/dev/null"], { encoding: "utf8" });
    expect(status).toBe(0);
    const lines = screen(stdout);
    expect(lines.filter((line) => /^note a=\d$/.test(line)).sort()).toEqual(
      [0, 1, 2, 3, 4, 5].map((a) => `note a=${a}`),
    );
    expect(lines.filter((line) => !/^note a=\d$/.test(line))).toEqual([
      expect.stringMatching(/^psweep: 6 psets done in 0:00:\d\d \((\d\.\d\d|\d{2,}) psets\/s\)$/),
    ]);
  }, 60_000);

  it("keeps verbose lines off the bar's line", () => {
    const { status, stdout } = inTerminal([`${tmpDir()}/calc`, "3", "50", JSON.stringify({ verbose: true })]);
    expect(status).toBe(0);
    expect(screen(stdout)).toEqual(["a=0", "a=1", "a=2", expect.stringMatching(/^psweep: 3 psets done in /)]);
  }, 60_000);

  it("shows failed counts in the bar and the summary", () => {
    const { status, stdout } = inTerminal([
      `${tmpDir()}/calc`,
      "4",
      "1",
      JSON.stringify({ onError: "record" }),
      "fail",
    ]);
    expect(status).toBe(0);
    const lines = screen(stdout);
    expect(lines).toHaveLength(1); // the bar, replaced by the summary
    expect(lines[0]).toMatch(/^psweep: 2 psets done in 0:00:0\d \(\d+(\.\d+)? psets\/s\); 2 FAILED/);
    expect(stdout).toMatch(/\] 4\/4  2 failed  /);
  }, 60_000);
});
