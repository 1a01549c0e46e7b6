// Capture what func prints: to the database (_logs), to calc/<_pset_id>/logs.txt, or both.
import { dfExtractDicts, plist, run } from "psweep";

function chatty(pset: { a: number }) {
  console.log(`working on a=${pset.a}`);
  console.error(`a warning for a=${pset.a}`);
  return { b: pset.a * 2 };
}

const calcDir = "calc/capture-logs";
for (const mode of ["db", "file", "db+file"] as const) {
  const df = await run(chatty, plist("a", [1, 2]), { calcDir, captureLogs: mode });
  const last = dfExtractDicts(df).at(-1)!;
  console.log(
    `${mode}: _logs=${JSON.stringify(last._logs ?? null)}, file: ${mode.includes("file") ? `${calcDir}/${String(last._pset_id)}/logs.txt` : "none"}`,
  );
}
