// bullmq and ioredis are optional peer dependencies (see util/optionalDependency.ts):
// every distributed module loads them here, so a missing package is one named error.

import { importOptional } from "../util/optionalDependency.js";

const PACKAGES = ["bullmq", "ioredis"] as const;

export const loadBullmq = (feature: string): Promise<typeof import("bullmq")> =>
  importOptional(feature, PACKAGES, () => import("bullmq"));
export const loadIoredis = (feature: string): Promise<typeof import("ioredis")> =>
  importOptional(feature, PACKAGES, () => import("ioredis"));
