// The report page: one HTML text holding its style, its script (the page
// code with ECharts, built by scripts/build-report.mjs) and its data.

import type { LiveStatus } from "./liveStatus.js";
import { jsonForScript, type WireData } from "./wire.js";

export interface PageContent {
  readonly title: string;
  readonly data: WireData;
  readonly live?: { readonly version: string; readonly status: LiveStatus | null };
}

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:12px 20px;color:#222}
h1{font-size:20px;margin:4px 0}h2{font-size:16px;margin:18px 0 6px}
#live{color:#555;font-size:13px;min-height:1em}
#summary{display:flex;flex-wrap:wrap;gap:8px}
.stat{border:1px solid #ddd;border-radius:6px;padding:6px 10px;display:flex;flex-direction:column}
.stat b{font-size:15px}.stat span{color:#666;font-size:12px}
.panel{border:1px solid #ddd;border-radius:6px;margin:10px 0;padding:6px}
.controls{display:flex;gap:10px;align-items:center;flex-wrap:wrap;margin:4px 0}
.chart{width:100%;height:420px}.note{color:#666;font-size:12px}
.scroll{overflow:auto;max-height:70vh}
table{border-collapse:collapse;font-size:12px}th,td{border-bottom:1px solid #eee;padding:2px 6px;white-space:nowrap;text-align:left}
th{position:sticky;top:0;background:#f6f6f6;cursor:pointer}td.num{text-align:right;font-variant-numeric:tabular-nums}
tbody tr:hover{background:#f0f6ff;cursor:pointer}
pre{background:#f7f7f7;padding:6px;overflow:auto;max-height:300px;font-size:12px}
details.failed summary{cursor:pointer;color:#b00}
dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px;font-size:12px}dt{color:#666}dd{margin:0;word-break:break-all}
`;

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** Script text safe inside <script>: nothing in it ends the element or opens an HTML comment. */
export function scriptText(code: string): string {
  return code.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

export function reportPage(content: PageContent, clientScript: string): string {
  const title = escapeHtml(content.title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="psweep report">
<link rel="icon" href="data:,">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${title}</h1>
<div id="live"></div>
<section id="summary"></section>
<section id="runs"></section>
<section id="charts"></section>
<section id="failed"></section>
<div id="table-host"></div>
<section id="row"></section>
<script type="application/json" id="psweep-data">${jsonForScript(content)}</script>
<script>${scriptText(clientScript)}</script>
</body>
</html>
`;
}
