import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A fresh empty directory for one test. */
export function tmpDir(prefix = "psweep-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
