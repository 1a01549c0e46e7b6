// ECharts' server-side SVG rendering: needs no DOM. Imported only by plot().

import { LineChart, ScatterChart } from "echarts/charts";
import { GridComponent, LegendComponent, TitleComponent } from "echarts/components";
import { init, use } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

use([LineChart, ScatterChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

export function renderSvg(option: Record<string, unknown>, width: number, height: number): string {
  const chart = init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    // A static figure has nothing to hover.
    const { tooltip: _, ...still } = option;
    chart.setOption({ backgroundColor: "#ffffff", ...still });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
