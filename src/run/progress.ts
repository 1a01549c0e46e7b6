// A progress bar on stderr: count, rate and time left, redrawn at most ten
// times a second, written past any log capture.

import type { Stdio } from "../runtime.js";

const WIDTH = 24;

export class Progress {
  private done = 0;
  private lastDraw = 0;
  private readonly started = performance.now();

  constructor(
    private readonly stdio: Stdio,
    private readonly total: number,
  ) {}

  tick(): void {
    this.done++;
    const now = performance.now();
    if (now - this.lastDraw >= 100 || this.done === this.total) {
      this.lastDraw = now;
      this.stdio.write("stderr", `\r${this.line(now)}`);
    }
  }

  finish(): void {
    this.stdio.write("stderr", `\r${this.line(performance.now())}\n`);
  }

  line(now: number): string {
    const fraction = this.total === 0 ? 1 : this.done / this.total;
    const filled = Math.round(fraction * WIDTH);
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? this.done / seconds : 0;
    const left = rate > 0 ? (this.total - this.done) / rate : Number.NaN;
    return `[${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${this.done}/${this.total}  ${rate.toFixed(rate < 10 ? 2 : 0)} psets/s  left ${clock(left)}`;
  }
}

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.round(seconds);
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}
