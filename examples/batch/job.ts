// A job that reads its pset instead of using placeholders: from the
// database (dfExtractPset) or from pset.json. Run in a pset folder:
//   cd calc/batch/<_pset_id> && npx tsx ../../../examples/batch/job.ts
import { basename } from "node:path";
import { dfExtractPset, dfRead, fileRead, fileWrite } from "psweep";

const id = basename(process.cwd());
const fromDb = dfExtractPset(await dfRead("../database.arrow"), id) as { alpha: number };
const fromJson = JSON.parse(await fileRead("pset.json")) as { alpha: number };
await fileWrite("job.txt", `alpha from the database ${fromDb.alpha}, from pset.json ${fromJson.alpha}\n`);
console.log(`${id}: alpha=${fromDb.alpha}`);
