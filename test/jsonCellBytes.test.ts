// The byte writer of the log's row lines: exact bytes for the common cells,
// and every value read back as the same value.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonCellBytes } from "../src/cells/jsonCellBytes.js";
import { cellFromJson, cellJsonText } from "../src/cells/jsonCell.js";

const decoder = new TextDecoder();

function written(value: unknown): string {
  const bytes = new JsonCellBytes();
  bytes.cell(value);
  return decoder.decode(bytes.view());
}

describe("JsonCellBytes", () => {
  it("writes integers, durations, times and plain strings as digits and characters", () => {
    expect(written(0)).toBe("0");
    expect(written(-42)).toBe("-42");
    expect(written(2 ** 53 - 1)).toBe("9007199254740991");
    expect(written(1764150000123)).toBe("1764150000123");
    expect(written(100000000)).toBe("100000000");
    expect(written(0.000012345)).toBe("0.000012345");
    expect(written(-3.5)).toBe("-3.5");
    expect(written(12.000000001)).toBe("12.000000001");
    expect(written(new Date(1764150000123))).toBe('{"t":1764150000123}');
    expect(written("node-7.cluster")).toBe('"node-7.cluster"');
    expect(written(true) + written(false) + written(null) + written(undefined)).toBe("truefalsenullnull");
  });

  it("leaves everything else to cellJsonText, whose text is always JSON", () => {
    for (const value of [
      -0,
      NaN,
      Infinity,
      1e-12,
      0.1 + 0.2,
      1e21,
      'say "hi"',
      "ü",
      "x".repeat(40),
      [1, { a: 2 }],
      { j: 1 },
      new Date(NaN),
    ]) {
      expect(written(value), String(value)).toBe(cellJsonText(value));
      expect(() => JSON.parse(cellJsonText(value)), String(value)).not.toThrow();
    }
  });

  it("reads back as the same value, and lines of many cells concatenate (property)", () => {
    const value = fc.oneof(
      fc.integer(),
      fc.maxSafeInteger(),
      fc.double(),
      fc.integer({ min: -1e13, max: 1e13 }).map((k) => k / 1e9),
      fc.date(),
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer(), { maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 20 }), (values) => {
        const bytes = new JsonCellBytes();
        values.forEach((v, i) => {
          if (i > 0) bytes.byte(0x2c);
          bytes.cell(v);
        });
        const parsed = JSON.parse(`[${decoder.decode(bytes.view())}]`) as unknown[];
        parsed.forEach((cell, i) => {
          const v = values[i];
          const back = cellFromJson(cell);
          if (v instanceof Date && Number.isNaN(v.getTime())) expect(Number.isNaN((back as Date).getTime())).toBe(true);
          else expect(back).toEqual(v);
        });
      }),
      { numRuns: 2000 },
    );
  });
});
