// A sweep run on workers anywhere, through a Redis server:
//   redis-server --port 6379 --daemonize yes
//   npx psweep worker --redis redis://127.0.0.1:6379 --queue example    (as many as you like, any host)
//   npx tsx examples/distributed/study.ts redis://127.0.0.1:6379
// The database stays here, in calc/distributed.
import { dfPrint, distributed, pgrid, plist, run } from "psweep";
import { simulate } from "./model.js";

const [redis = "redis://127.0.0.1:6379"] = process.argv.slice(2);
const df = await run(simulate, pgrid(plist("a", [1, 2, 3, 4, 5, 6]), plist("noise", [0, 0.5])), {
  calcDir: "calc/distributed",
  executor: distributed({ connection: redis, queue: "example" }),
  funcModule: new URL("./model.ts", import.meta.url),
});
dfPrint(df, { cols: ["a", "noise", "y", "pid"] });
