// DOM helpers of the report page. Text goes in through textContent only:
// database values never become markup.

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const child of children) if (child !== null && child !== undefined) el.append(child);
  return el;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`report page: no element #${id}`);
  return el as T;
}

export function select(
  options: readonly string[],
  value: string | undefined,
  onChange: (value: string) => void,
  blank?: string,
): HTMLSelectElement {
  const el = h("select");
  if (blank !== undefined) el.append(h("option", { value: "" }, blank));
  for (const o of options) el.append(h("option", { value: o }, o));
  el.value = value ?? "";
  el.addEventListener("change", () => onChange(el.value));
  return el;
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "?";
  if (s < 1) return `${(s * 1000).toPrecision(3)} ms`;
  if (s < 120) return `${s.toPrecision(3)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

export function formatCell(v: unknown, kind: string): string {
  if (v === null || v === undefined) return "";
  if (kind === "time" && typeof v === "number")
    return new Date(v)
      .toISOString()
      .replace("T", " ")
      .replace(/\.\d+Z$/, "Z");
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  return String(v);
}
