// Runtime conformance case for Runtime.createAsyncContext, which keeps each
// pset's context (its captured logs) across await and timers.

import { deepStrictEqual as same, strictEqual as equal } from "node:assert/strict";
import type { Runtime } from "../../../src/runtime.js";
import type { Case } from "../suite.js";
import { sleep } from "./helpers.js";

export function asyncContextCases(runtime: Runtime): Case[] {
  return [
    {
      name: "async context: follows await and timers, isolated between concurrent runs",
      async run() {
        const context = runtime.createAsyncContext<string>();
        equal(context.get(), undefined);
        const task = (value: string, delay: number) =>
          context.run(value, async () => {
            const seen = [context.get()];
            await sleep(delay);
            seen.push(context.get());
            await new Promise<void>((resolve) =>
              setTimeout(() => {
                seen.push(context.get());
                resolve();
              }, delay),
            );
            await Promise.resolve().then(() => seen.push(context.get()));
            seen.push(
              await context.run(`${value}/inner`, async () => {
                await sleep(1);
                return context.get()!;
              }),
            );
            seen.push(context.get());
            return seen;
          });
        const [a, b] = await Promise.all([task("a", 30), task("b", 10)]);
        same(a, ["a", "a", "a", "a", "a/inner", "a"]);
        same(b, ["b", "b", "b", "b", "b/inner", "b"]);
        equal(context.get(), undefined, "nothing leaks out of run");
        equal(
          context.run("sync", () => context.get()),
          "sync",
        );
        const other = runtime.createAsyncContext<number>();
        context.run("x", () =>
          other.run(1, () => {
            equal(context.get(), "x");
            equal(other.get(), 1);
          }),
        );
      },
    },
  ];
}
