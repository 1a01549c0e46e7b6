import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // One fork per file: the 10^8-pset test measures its own process' memory.
    pool: "forks",
  },
});
