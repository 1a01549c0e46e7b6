// The rows table: sortable by any column, filtered by text, paged, so 10^5
// rows cost one sort or one scan per action and 50 rows of DOM.

import type { ReportData } from "../wire.js";
import { formatCell, h } from "./dom.js";

const PAGE = 50;

export class RowsTable {
  private filter = "";
  private sortBy: string | undefined;
  private descending = false;
  private page = 0;
  private texts: string[] | undefined;
  private data!: ReportData;
  private rows: readonly number[] = [];
  readonly element = h("section", { id: "table" });

  constructor(private readonly onRowClick: (row: number) => void) {}

  update(data: ReportData, rows: readonly number[]): void {
    this.data = data;
    this.rows = rows;
    this.texts = undefined;
    this.render();
  }

  /** Each row's cells as one lower-case text, built once per data, for the filter. */
  private rowText(i: number): string {
    if (this.texts === undefined) this.texts = [];
    let t = this.texts[i];
    if (t === undefined) {
      t = this.data.columns
        .map((c) => formatCell(c.values[i], c.kind))
        .join("\u0001")
        .toLowerCase();
      this.texts[i] = t;
    }
    return t;
  }

  private shown(): number[] {
    const needle = this.filter.toLowerCase();
    let rows = needle === "" ? [...this.rows] : this.rows.filter((i) => this.rowText(i).includes(needle));
    const col = this.sortBy === undefined ? undefined : this.data.columns.find((c) => c.name === this.sortBy);
    if (col !== undefined) {
      const v = col.values;
      const sign = this.descending ? -1 : 1;
      rows = rows.sort((a, b) => {
        const x = v[a] ?? null;
        const y = v[b] ?? null;
        if (x === y) return a - b;
        if (x === null) return 1;
        if (y === null) return -1;
        return (x < y ? -1 : 1) * sign;
      });
    }
    return rows;
  }

  private render(): void {
    const shown = this.shown();
    const pages = Math.max(1, Math.ceil(shown.length / PAGE));
    this.page = Math.min(this.page, pages - 1);
    const cols = this.data.columns.filter((c) => c.name !== "_logs" && c.name !== "_exc_txt");
    const input = h("input", { id: "table-filter", type: "search", placeholder: "filter rows (any cell contains...)" });
    input.value = this.filter;
    input.addEventListener("input", () => {
      this.filter = input.value;
      this.page = 0;
      this.render();
      const again = this.element.querySelector<HTMLInputElement>("#table-filter")!;
      again.focus();
      again.setSelectionRange(again.value.length, again.value.length);
    });
    const pager = (delta: number, text: string): HTMLButtonElement => {
      const b = h("button", {}, text);
      b.disabled = this.page + delta < 0 || this.page + delta >= pages;
      b.addEventListener("click", () => {
        this.page += delta;
        this.render();
      });
      return b;
    };
    const head = h(
      "tr",
      {},
      ...cols.map((c) => {
        const th = h(
          "th",
          { title: `${c.role} column; click to sort` },
          c.name + (this.sortBy === c.name ? (this.descending ? " ▼" : " ▲") : ""),
        );
        th.addEventListener("click", () => {
          this.descending = this.sortBy === c.name ? !this.descending : false;
          this.sortBy = c.name;
          this.render();
        });
        return th;
      }),
    );
    const body = h("tbody");
    for (const i of shown.slice(this.page * PAGE, (this.page + 1) * PAGE)) {
      const tr = h(
        "tr",
        { "data-row": String(i) },
        ...cols.map((c) => h("td", { class: c.kind === "number" ? "num" : "" }, formatCell(c.values[i], c.kind))),
      );
      tr.addEventListener("click", () => this.onRowClick(i));
      body.append(tr);
    }
    this.element.replaceChildren(
      h("h2", {}, "Rows"),
      h(
        "div",
        { class: "controls" },
        input,
        pager(-1, "◀"),
        h(
          "span",
          { id: "table-count", "data-rows": String(shown.length) },
          ` ${shown.length} of ${this.rows.length} rows, page ${this.page + 1} of ${pages} `,
        ),
        pager(1, "▶"),
      ),
      h("div", { class: "scroll" }, h("table", {}, h("thead", {}, head), body)),
    );
  }
}
