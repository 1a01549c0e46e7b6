// psweep plot database --x a --y result [--color b] [--facet c] -o fig.svg|fig.png

import type { Command } from "commander";
import { readGivenDatabase } from "../database.js";
import { CliError } from "../errors.js";
import type { CliContext } from "../program.js";
import { outputOption, writeOutput } from "../reportFile.js";
import { importOptional } from "../../util/optionalDependency.js";

interface PlotCliOptions {
  x: string;
  y: string;
  color?: string;
  facet?: string;
  output: string;
  width: string;
  height: string;
}

const decoder = new TextDecoder();
/** A figure psweep wrote: an ECharts SVG, or a PNG (replaced only by another figure). */
const isFigure = (bytes: Uint8Array): boolean => {
  const head = decoder.decode(bytes.subarray(0, 400));
  return head.startsWith("<svg") || head.startsWith("\u0089PNG");
};

export function registerPlot(program: Command, cli: CliContext): void {
  program
    .command("plot")
    .description(
      "write a figure of a database: y against x, one line per color value, one panel per facet value (SVG or PNG)",
    )
    .argument("<database>", "the database file, e.g. calc/database.arrow")
    .requiredOption("--x <column>", "the column on the x axis (a parameter)")
    .requiredOption("--y <column>", "the column on the y axis (a numeric result)")
    .option("--color <column>", "one color per value of this column")
    .option("--facet <column>", "one panel per value of this column")
    .option("-o, --output <file>", "the figure: .svg, or .png (needs the optional package @resvg/resvg-js)", "plot.svg")
    .option("--width <pixels>", "width", "800")
    .option("--height <pixels>", "height", "500")
    .addHelpText(
      "after",
      "\nExample:\n  psweep plot calc/database.arrow --x dt --y amplitude --color damping --facet time -o fig.svg",
    )
    .action(
      cli.action(async (database: string, options: PlotCliOptions) => {
        outputOption(options.output, "plot.svg");
        const kind = options.output.toLowerCase().endsWith(".png")
          ? "png"
          : options.output.toLowerCase().endsWith(".svg")
            ? "svg"
            : undefined;
        if (kind === undefined) throw new CliError(`-o ${options.output}: give a file ending in .svg or .png`);
        const size = (name: string, text: string): number => {
          if (!/^\d+$/.test(text))
            throw new CliError(`--${name} must be a whole number of pixels, not ${JSON.stringify(text)}`);
          return Number(text);
        };
        const width = size("width", options.width);
        const height = size("height", options.height);
        const df = await readGivenDatabase(cli, database);
        const { plot } = await cli.library();
        const svg = await plot(df, {
          x: options.x,
          y: options.y,
          color: options.color,
          facet: options.facet,
          width,
          height,
        });
        const data = kind === "svg" ? svg : await toPng(svg, width);
        await writeOutput(cli.host.runtime, options.output, data, isFigure);
        cli.err(`psweep plot: ${options.y} vs ${options.x} of ${database} -> ${options.output}\n`);
      }),
    );
}

/** The SVG rasterized by resvg (Rust, a prebuilt binary from npm: no browser, no download at run time). */
async function toPng(svg: string, width: number): Promise<Uint8Array> {
  const resvg = await importOptional(
    "psweep plot -o <file>.png (or write SVG: -o fig.svg)",
    ["@resvg/resvg-js"],
    () => import("@resvg/resvg-js"),
  );
  const fonts = ["/usr/share/fonts", "/usr/local/share/fonts", "/System/Library/Fonts", "C:\\Windows\\Fonts"];
  const image = new resvg.Resvg(svg, {
    fitTo: { mode: "width", value: width },
    background: "#ffffff",
    font: { loadSystemFonts: true, fontDirs: fonts, defaultFontFamily: "DejaVu Sans" },
  });
  return image.render().asPng();
}
