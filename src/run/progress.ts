// Run output on stderr. On a terminal: a bar (done, failed, skipped, rate,
// time left) drawn at once and redrawn at most ten times a second; whatever
// else is printed meanwhile (func's output that is not captured) first clears
// the bar's line, and the bar comes back below it, so the two never share a
// line. Not on a terminal (cluster logs, CI, a pipe): one plain line at the
// start, every few seconds, and at the end. Either way the run ends with a
// one-line summary that announces failures recorded with onError "record".
//
// Not a progress library: the ones on npm write to process.stderr
// themselves, which src/ may not touch and which log capture intercepts, and
// none of them clears its bar for output printed past it.

import type { Stdio, StreamName } from "../runtime.js";

const WIDTH = 24;
const REDRAW_MS = 100;
/** How often a plain line is written when stderr is not a terminal. */
export const PLAIN_EVERY_MS = 5000;
const CLEAR_LINE = "\r\x1b[K";

export class Progress {
  private done = 0;
  private failed = 0;
  /** Psets handed to a queue and not done: set only by executors that queue (distributed runs). */
  private queued: { running: number; waiting: number } | undefined;
  private lastDraw = 0;
  private started = performance.now();
  /** Whether the bar is on the screen, at the start of a line of its own. */
  private drawn = false;
  /** Whether text printed past the bar left the cursor in the middle of a line. */
  private midLine = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private restore: (() => void) | undefined;

  constructor(
    private readonly stdio: Stdio,
    private readonly total: number,
    private readonly skipped = 0,
    private readonly terminal = stdio.isTerminal("stderr"),
  ) {}

  /** Shows 0/N at once; on a terminal, takes over output printed while the bar is up. */
  start(): void {
    this.started = performance.now();
    if (this.terminal) {
      this.restore = this.stdio.intercept((stream, text) => (this.print(stream, text), true));
      this.draw(this.started);
    } else {
      this.stdio.write("stderr", `${this.plainLine(this.started)}\n`);
      this.lastDraw = this.started;
      // Also while nothing finishes (long psets, a pool, a queue).
      this.timer = setInterval(() => this.plain(performance.now()), PLAIN_EVERY_MS);
    }
  }

  tick(failed = false): void {
    this.done++;
    if (failed) this.failed++;
    const now = performance.now();
    if (this.terminal) {
      if (now - this.lastDraw >= REDRAW_MS || this.done === this.total) this.draw(now);
    } else {
      this.plain(now);
    }
  }

  /** How many of the psets not done yet are running and how many wait in a queue. */
  queue(running: number, waiting: number): void {
    this.queued = { running, waiting };
  }

  /** Ends the display with the summary line. `stopped`: the run ended early (a failure with onError "raise", an executor's error). */
  finish(stopped = false): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.restore?.();
    this.restore = undefined;
    const summary = this.summary(performance.now(), stopped);
    this.stdio.write("stderr", this.terminal ? `${this.midLine ? "\n" : CLEAR_LINE}${summary}\n` : `${summary}\n`);
    this.drawn = false;
  }

  /** The bar, as drawn on a terminal. */
  line(now: number): string {
    const fraction = this.total === 0 ? 1 : this.done / this.total;
    const filled = Math.round(fraction * WIDTH);
    return `[${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${this.status(now)}`;
  }

  private status(now: number): string {
    const seconds = (now - this.started) / 1000;
    const parts = [`${this.done}/${this.total}`];
    if (this.failed > 0) parts.push(`${this.failed} failed`);
    if (this.skipped > 0) parts.push(`${this.skipped} skipped`);
    if (this.queued !== undefined) parts.push(`running ${this.queued.running}`, `waiting ${this.queued.waiting}`);
    // No estimate before a pset has finished: there is nothing to base it on.
    if (this.done > 0 && seconds > 0) {
      const rate = this.done / seconds;
      parts.push(`${rate.toFixed(rate < 10 ? 2 : 0)} psets/s`, `left ${clock((this.total - this.done) / rate)}`);
    } else {
      parts.push("left ?");
    }
    return parts.join("  ");
  }

  private plainLine(now: number): string {
    return `psweep: ${this.status(now)}  elapsed ${clock((now - this.started) / 1000)}`;
  }

  private summary(now: number, stopped: boolean): string {
    const seconds = (now - this.started) / 1000;
    const ran = this.done - this.failed;
    let text = stopped
      ? `psweep: stopped after ${this.done} of ${this.total} psets`
      : `psweep: ${ran} ${ran === 1 ? "pset" : "psets"} done in ${clock(seconds)}`;
    if (!stopped && seconds > 0 && this.done > 0)
      text += ` (${(this.done / seconds).toFixed(this.done / seconds < 10 ? 2 : 0)} psets/s)`;
    if (this.skipped > 0) text += `, ${this.skipped} skipped (already in the database)`;
    if (this.failed > 0) text += `; ${this.failed} FAILED (recorded with _failed and _exc_txt in the database)`;
    return text;
  }

  private draw(now: number): void {
    this.lastDraw = now;
    this.stdio.write("stderr", `${this.midLine ? "\n" : CLEAR_LINE}${this.line(now)}`);
    this.midLine = false;
    this.drawn = true;
  }

  private plain(now: number): void {
    if (now - this.lastDraw < PLAIN_EVERY_MS) return;
    this.lastDraw = now;
    this.stdio.write("stderr", `${this.plainLine(now)}\n`);
  }

  /** Prints past the display: on a terminal, clears the bar, prints, and draws the bar again below. */
  print(stream: StreamName, text: string): void {
    if (!this.terminal || this.restore === undefined) {
      this.stdio.write(stream, text);
      return;
    }
    if (text === "") return;
    if (this.drawn) this.stdio.write("stderr", CLEAR_LINE);
    this.drawn = false;
    this.stdio.write(stream, text);
    this.midLine = !text.endsWith("\n");
    // A line printed in pieces keeps the bar away until it ends.
    if (!this.midLine) this.draw(performance.now());
  }
}

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.round(seconds);
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}
