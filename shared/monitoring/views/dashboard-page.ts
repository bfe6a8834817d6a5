/**
 * The dashboard page of one place: headline indicators against targets (progress bars), every
 * indicator with its written definition, the chosen indicator by child place (drill-down links),
 * its quarters, the period's reports, and the XLSX export. Server-rendered, no script.
 */
import { esc } from "../../web/html.ts";
import type { Lang } from "../../web/i18n.ts";
import type { Dashboard, IndicatorFigure, PlaceInfo } from "../domain/dashboard.ts";
import type { IndicatorDefinition } from "../domain/indicators.ts";
import { SLOTS } from "../domain/periods.ts";
import { bar, progressColor, quarterColumns } from "./charts.ts";
import { figureText, periodName, tx, valueLabel } from "./format.ts";
import { m, statusLabel } from "./messages.ts";

export const DASHBOARD_CSS = `<style>.bar{display:block;width:100%;height:14px}.cols{display:block;width:100%;max-width:24rem}
ul.ind,ul.places{list-style:none;padding:0;margin:0}ul.ind li,ul.places li{border-bottom:1px solid #ddd;padding:.45rem 0}
.fig{display:flex;justify-content:space-between;gap:.5rem;flex-wrap:wrap}.fig strong{white-space:nowrap}
.crumbs{font-size:.92rem}.crumbs a,.crumbs span{margin-right:.3rem}details summary{cursor:pointer;color:#0645ad}
.st-APPROVED{color:#1b6e1b}.st-SUBMITTED{color:#0b3d6e}.st-NOT_STARTED,.st-DRAFT,.st-REOPENED{color:#7a3e00}</style>`;

export interface DashboardPageInput {
  lang: Lang;
  d: Dashboard;
  defs: readonly IndicatorDefinition[];
  /** Ancestors the reader may open (nation first). */
  trail: readonly PlaceInfo[];
  /** The indicator charted by place. */
  indicator: string;
  /** Years the period selector offers. */
  years: readonly number[];
  /** Child places the reader may drill into. */
  mayOpen: (placeId: string) => boolean;
  reports?: {
    period: string;
    dueOn: string;
    rows: { unitId: string; name: string; status: string }[];
  };
}

const href = (place: string, period: string, indicator?: string) =>
  `/app/monitoring?place=${encodeURIComponent(place)}&amp;period=${encodeURIComponent(period)}${indicator ? `&amp;indicator=${encodeURIComponent(indicator)}` : ""}`;

function progressLine(lang: Lang, f: IndicatorFigure): string {
  const scale =
    f.target && f.target > 0 ? Math.max(f.target, f.value ?? 0) : Math.max(1, f.value ?? 0);
  const valuePct = ((f.value ?? 0) / scale) * 100;
  const targetPct = f.target ? (f.target / scale) * 100 : null;
  const target =
    f.target !== undefined
      ? `${esc(m(lang, "target"))}: ${esc(figureText(lang, f.unit, f.target))}${f.progress !== null ? ` · <span style="color:${progressColor(f.progress)}">${f.progress} % ${esc(m(lang, "ofTarget"))}</span>` : ""}`
      : esc(m(lang, "noTarget"));
  return `<div class="fig"><span>${esc(tx(lang, f.name))}</span><strong>${esc(figureText(lang, f.unit, f.value))}</strong></div>${bar(valuePct, targetPct, progressColor(f.progress), `${tx(lang, f.name)}: ${figureText(lang, f.unit, f.value)}`)}<div class="meta">${target}</div>`;
}

function breakdownLine(lang: Lang, f: IndicatorFigure): string {
  const parts = f.breakdown.flatMap((b) =>
    b.values
      .filter((v) => v.figure !== null && v.figure !== 0)
      .map((v) => `${esc(valueLabel(lang, v.value))}: ${esc(figureText(lang, f.unit, v.figure))}`),
  );
  return parts.length ? `<div class="meta">${parts.join(" · ")}</div>` : "";
}

function definitionBlock(lang: Lang, d: IndicatorDefinition | undefined): string {
  if (!d) return "";
  const row = (k: Parameters<typeof m>[1], v: { vi: string; en: string } | undefined) =>
    v ? `<dt>${esc(m(lang, k))}</dt><dd>${esc(tx(lang, v))}</dd>` : "";
  return `<details><summary>${esc(m(lang, "definition"))} (${esc(d.code)})</summary><dl>${row("counts", d.definition.counts)}${row("denominator", d.definition.denominator)}${row("periodRule", d.definition.period)}${row("source", d.definition.source)}</dl></details>`;
}

function periodForm(lang: Lang, d: Dashboard, indicator: string, years: readonly number[]): string {
  const options = years
    .flatMap((y) => SLOTS.map((s) => (s === "Y" ? `${y}` : `${y}-${s}`)))
    .map(
      (id) =>
        `<option value="${id}"${id === d.period.id ? " selected" : ""}>${esc(periodName(lang, id))}</option>`,
    )
    .join("");
  return `<form method="get" action="/app/monitoring" class="filters"><input type="hidden" name="place" value="${esc(d.place.id)}"><input type="hidden" name="indicator" value="${esc(indicator)}"><label>${esc(m(lang, "period"))}<select name="period">${options}</select></label><button type="submit" class="secondary">${esc(m(lang, "show"))}</button></form>`;
}

function byPlace(lang: Lang, input: DashboardPageInput, chosen: IndicatorFigure): string {
  const { d } = input;
  if (d.children.length === 0) return "";
  const rows = d.children.map((c) => ({ c, f: c.figures[chosen.code] }));
  const max = Math.max(1, ...rows.map((r) => Math.max(r.f?.value ?? 0, r.f?.target ?? 0)));
  const select = `<form method="get" action="/app/monitoring" class="filters"><input type="hidden" name="place" value="${esc(d.place.id)}"><input type="hidden" name="period" value="${esc(d.period.id)}"><label>${esc(m(lang, "indicator"))}<select name="indicator">${d.indicators.map((i) => `<option value="${esc(i.code)}"${i.code === chosen.code ? " selected" : ""}>${esc(tx(lang, i.name))}</option>`).join("")}</select></label><button type="submit" class="secondary">${esc(m(lang, "show"))}</button></form>`;
  const items = rows
    .map(({ c, f }) => {
      const name = esc(tx(lang, c.place.name));
      const label = input.mayOpen(c.place.id)
        ? `<a href="${href(c.place.id, d.period.id, chosen.code)}">${name}</a>`
        : name;
      const value = f?.value ?? null;
      const t = f?.target;
      return `<li><div class="fig">${label}<strong>${esc(figureText(lang, chosen.unit, value))}${t !== undefined ? ` / ${esc(figureText(lang, chosen.unit, t))}` : ""}</strong></div>${bar(((value ?? 0) / max) * 100, t !== undefined ? (t / max) * 100 : null, progressColor(f?.progress ?? null), `${tx(lang, c.place.name)}: ${figureText(lang, chosen.unit, value)}`)}</li>`;
    })
    .join("");
  return `<h2>${esc(tx(lang, chosen.name))} – ${esc(m(lang, "byPlace"))}</h2>${select}<ul class="places">${items}</ul>`;
}

function reportsBlock(lang: Lang, r: NonNullable<DashboardPageInput["reports"]>): string {
  const items = r.rows
    .map(
      (x) =>
        `<li><a href="/app/monitoring/reports/${encodeURIComponent(x.unitId)}/${encodeURIComponent(r.period)}">${esc(x.name)}</a> · <span class="st-${esc(x.status)}">${esc(statusLabel(lang, x.status))}</span></li>`,
    )
    .join("");
  return `<h2>${esc(m(lang, "reports"))} – ${esc(periodName(lang, r.period))}</h2><p class="meta">${esc(m(lang, "due"))}: ${esc(r.dueOn.split("-").reverse().join("/"))}</p><ul class="places">${items}</ul>`;
}

export function dashboardPage(input: DashboardPageInput): { title: string; body: string } {
  const { lang, d } = input;
  const defs = new Map(input.defs.map((x) => [x.code, x]));
  const chosen =
    d.indicators.find((i) => i.code === input.indicator) ??
    d.indicators.find((i) => i.headline) ??
    d.indicators[0];
  const crumbs = input.trail
    .map((p) => `<a href="${href(p.id, d.period.id, chosen?.code)}">${esc(tx(lang, p.name))}</a>›`)
    .join("");
  const headline = d.indicators
    .filter((i) => i.headline)
    .map((i) => `<li>${progressLine(lang, i)}${breakdownLine(lang, i)}</li>`)
    .join("");
  const all = d.indicators
    .map(
      (i) =>
        `<li>${progressLine(lang, i)}${breakdownLine(lang, i)}${definitionBlock(lang, defs.get(i.code))}</li>`,
    )
    .join("");
  const trend = chosen
    ? `<h2>${esc(tx(lang, chosen.name))} – ${esc(m(lang, "quarters"))}</h2>${quarterColumns(
        chosen.quarters.map((q) => ({ label: q.period.slice(5), value: q.value })),
        (v) => figureText(lang, chosen.unit, v),
        `${tx(lang, chosen.name)} – ${m(lang, "quarters")}`,
      )}`
    : "";
  const title = `${m(lang, "dashboard")} – ${tx(lang, d.place.name)}`;
  const body = `${DASHBOARD_CSS}<nav class="crumbs" aria-label="${esc(m(lang, "nation"))}">${crumbs}<span aria-current="page">${esc(tx(lang, d.place.name))}</span></nav>
<h1>${esc(title)}</h1><p class="meta">${esc(periodName(lang, d.period.id))}</p>${chosen ? periodForm(lang, d, chosen.code, input.years) : ""}
<h2>${esc(m(lang, "headline"))}</h2><ul class="ind">${headline}</ul>
${chosen ? byPlace(lang, input, chosen) : ""}${trend}
${input.reports ? reportsBlock(lang, input.reports) : ""}
<p><a href="/app/monitoring/export?place=${encodeURIComponent(d.place.id)}&amp;period=${encodeURIComponent(d.period.id)}">${esc(m(lang, "exportXlsx"))}</a></p>
<details><summary>${esc(m(lang, "allIndicators"))} (${d.indicators.length})</summary><ul class="ind">${all}</ul></details>`;
  return { title, body };
}
