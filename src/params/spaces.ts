import { PsweepError } from "../errors.js";

/**
 * `num` evenly spaced numbers from start to stop inclusive, computed as
 * numpy.linspace does (start + i * step, the last one exactly stop).
 */
export function linspace(start: number, stop: number, num: number): number[] {
  checkFinite("linspace", { start, stop });
  checkCount("linspace", num);
  if (num === 1) return [start];
  const step = (stop - start) / (num - 1);
  return Array.from({ length: num }, (_, i) => (i === num - 1 ? stop : start + i * step));
}

/**
 * The distinct integers of linspace(start, stop, num), rounded half to even
 * (as numpy.round), in ascending order; fewer than num when rounding merges
 * values.
 */
export function intspace(start: number, stop: number, num: number): number[] {
  checkFinite("intspace", { start, stop });
  checkCount("intspace", num);
  const ints = new Set(linspace(start, stop, num).map(roundHalfEven));
  return [...ints].sort((a, b) => a - b);
}

export interface LogspaceOptions {
  /** Shifts the scale: logspace(start + offset .. stop + offset) - offset. Larger is more even. Default 0. */
  offset?: number;
  /** Base of the logarithm. Default 10. */
  base?: number;
}

/**
 * `num` values from start to stop (both included, exactly) evenly spaced on a
 * log scale: base ** linspace(log(start + offset), log(stop + offset)) - offset.
 */
export function logspace(start: number, stop: number, num = 50, options: LogspaceOptions = {}): number[] {
  const { offset = 0, base = 10 } = options;
  checkFinite("logspace", { start, stop, offset, base });
  checkCount("logspace", num);
  if (start + offset <= 0 || stop + offset <= 0) {
    throw new PsweepError(
      `logspace: start + offset (${start + offset}) and stop + offset (${stop + offset}) must be > 0; raise offset or start`,
    );
  }
  if (base <= 0 || base === 1) throw new PsweepError(`logspace: base must be > 0 and not 1, got ${base}`);
  const log = (x: number): number => (base === 10 ? Math.log10(x) : Math.log(x) / Math.log(base));
  const exponents = linspace(log(start + offset), log(stop + offset), num);
  return exponents.map((e, i) => (i === 0 ? start : i === num - 1 ? stop : base ** e - offset));
}

/** Rounds to the nearest integer, ties to the even one (banker's rounding, numpy.round). */
export function roundHalfEven(x: number): number {
  const nearest = Math.round(x);
  if (Math.abs(x % 1) !== 0.5) return nearest;
  return 2 * Math.round(x / 2);
}

function checkFinite(fn: string, args: Record<string, number>): void {
  for (const [name, value] of Object.entries(args)) {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new PsweepError(`${fn}: ${name} must be a finite number, got ${String(value)}`);
    }
  }
}

function checkCount(fn: string, num: number): void {
  if (!Number.isInteger(num) || num < 0)
    throw new PsweepError(`${fn}: num must be a non-negative integer, got ${String(num)}`);
}
