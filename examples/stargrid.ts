// One-at-a-time scans around a center (stargrid), each labelled in _vary;
// a backup of calc/ before every run after the first.
import { dfPrint, mergeDicts, plist, run, stargrid } from "psweep";

function loss(pset: { lr: number; batch: number; depth: number }) {
  return { loss: (Math.log10(pset.lr) + 3) ** 2 + 1 / pset.batch + 0.1 * pset.depth };
}

const center = mergeDicts({ lr: 1e-3, batch: 32 }, { depth: 4 });
const params = stargrid(
  center,
  [plist("lr", [1e-4, 1e-3, 1e-2]), plist("batch", [16, 32, 64]), plist("depth", [2, 8])],
  {
    varyLabels: ["lr", "batch", "depth"],
  },
);
const df = await run(loss, params, { calcDir: "calc/stargrid", backup: true, skipDups: true });
dfPrint(df, { cols: ["_vary", "lr", "batch", "depth", "loss"] });
