// Reading a database from other tools: apache-arrow and arquero here, polars
// (nodejs-polars) too; pandas, pyarrow and polars in Python read the same
// file (see the README). Run vary-two.ts first.
import { readFileSync } from "node:fs";
import { tableFromIPC } from "apache-arrow";
import * as aq from "arquero";
import pl from "nodejs-polars";

const path = "calc/vary-two/database.arrow";
const table = tableFromIPC(readFileSync(path));
console.log(
  `apache-arrow: ${table.numRows} rows, columns ${table.schema.fields
    .map((f) => f.name)
    .slice(0, 3)
    .join(", ")}, ...`,
);

const byWidth = aq
  .fromArrow(readFileSync(path))
  .groupby("width")
  .rollup({ mean_area: aq.op.mean("area") })
  .orderby("width");
console.log("arquero, mean area by width:");
byWidth.print();

const frame = pl.readIPC(readFileSync(path));
console.log("polars:", frame.select("width", "height", "area").filter(pl.col("area").gt(30)).toRecords());
