/**
 * The report page: the figures (pre-filled live, or as frozen at submission), the values the unit
 * types and its narrative, and the actions the reader may take on it in its state: save and
 * submit (the unit), approve or return (the level above), reopen with a reason (the level above,
 * once approved). Its audit history with the chain's verdict at the bottom.
 */
import type { AuditEvent, ChainVerdict } from "../../audit/domain/chain.ts";
import { esc } from "../../web/html.ts";
import { type Lang, localTime } from "../../web/i18n.ts";
import type { IndicatorDefinition, Text } from "../domain/indicators.ts";
import type { ReportView } from "../use-cases/reports.ts";
import { DASHBOARD_CSS } from "./dashboard-page.ts";
import { figureText, periodName, tx, valueLabel } from "./format.ts";
import { m, statusLabel } from "./messages.ts";

export interface ReportPageInput {
  lang: Lang;
  view: ReportView;
  unitName: Text;
  defs: readonly IndicatorDefinition[];
  may: { edit: boolean; submit: boolean; approve: boolean; reopen: boolean };
  csrf: string;
  action: string;
  history: readonly AuditEvent[];
  chain: ChainVerdict;
  notice?: { text: string; kind: "ok" | "error" };
}

function figuresTable(lang: Lang, view: ReportView, defs: readonly IndicatorDefinition[]): string {
  const rows = defs
    .filter(
      (d) =>
        !("entered" in d.formula) ||
        view.report.kind === "quarterly" ||
        view.figures[d.code]?.value,
    )
    .map((d) => {
      const f = view.figures[d.code];
      const parts = Object.entries(f?.breakdown ?? {})
        .filter(([, v]) => v !== null && v !== 0)
        .map(
          ([k, v]) =>
            `${esc(valueLabel(lang, k.split("=")[1] ?? k))}: ${esc(figureText(lang, d.unit, v))}`,
        );
      return `<tr><td>${esc(tx(lang, d.name))}${parts.length ? `<div class="meta">${parts.join(" · ")}</div>` : ""}</td><td><strong>${esc(figureText(lang, d.unit, f?.value))}</strong></td><td>${f?.target !== undefined ? esc(figureText(lang, d.unit, f.target)) : "–"}</td></tr>`;
    })
    .join("");
  return `<table><thead><tr><th>${esc(m(lang, "indicator"))}</th><th>${esc(m(lang, "value"))}</th><th>${esc(m(lang, "target"))}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function editForm(input: ReportPageInput): string {
  const { lang, view } = input;
  const r = view.report;
  const entered = view.enterable
    .map((code) => {
      const d = input.defs.find((x) => x.code === code);
      const v = "entered" in r ? (r.entered[code] ?? "") : "";
      return `<label>${esc(d ? tx(lang, d.name) : code)}<input type="text" inputmode="numeric" pattern="[0-9]*" name="entered.${esc(code)}" value="${esc(v)}"></label>`;
    })
    .join("");
  const area = (k: "results" | "difficulties" | "recommendations") =>
    `<label>${esc(m(lang, k))}<textarea name="${k}" rows="3">${esc(r.narrative[k] ?? "")}</textarea></label>`;
  const version = "version" in r ? r.version : 0;
  return `<form method="post" action="${esc(input.action)}"><input type="hidden" name="_csrf" value="${esc(input.csrf)}"><input type="hidden" name="version" value="${version}">
${entered ? `<fieldset><legend>${esc(m(lang, "entered"))}</legend>${entered}</fieldset>` : ""}
<fieldset><legend>${esc(m(lang, "narrative"))}</legend>${area("results")}${area("difficulties")}${area("recommendations")}</fieldset>
<p>${input.may.edit ? `<button type="submit" name="op" value="save" class="secondary">${esc(m(lang, "save"))}</button> ` : ""}${input.may.submit ? `<button type="submit" name="op" value="submit">${esc(m(lang, "submit"))}</button>` : ""}</p></form>`;
}

function decisionForm(input: ReportPageInput): string {
  const { lang } = input;
  const version = "version" in input.view.report ? input.view.report.version : 0;
  return `<form method="post" action="${esc(input.action)}"><input type="hidden" name="_csrf" value="${esc(input.csrf)}"><input type="hidden" name="version" value="${version}">
<label>${esc(m(lang, "comment"))}<textarea name="comment" rows="2"></textarea></label>
<p><button type="submit" name="op" value="approve">${esc(m(lang, "approve"))}</button> <button type="submit" name="op" value="return" class="secondary">${esc(m(lang, "returnReport"))}</button></p></form>`;
}

function reopenForm(input: ReportPageInput): string {
  const { lang } = input;
  const version = "version" in input.view.report ? input.view.report.version : 0;
  return `<form method="post" action="${esc(input.action)}"><input type="hidden" name="_csrf" value="${esc(input.csrf)}"><input type="hidden" name="version" value="${version}">
<label>${esc(m(lang, "reason"))}<textarea name="reason" rows="2" required></textarea></label>
<p><button type="submit" name="op" value="reopen" class="secondary">${esc(m(lang, "reopen"))}</button></p></form>`;
}

export function reportPage(input: ReportPageInput): { title: string; body: string } {
  const { lang, view } = input;
  const r = view.report;
  const title = `${m(lang, `kind${r.kind}` as Parameters<typeof m>[1])} ${periodName(lang, r.period)} – ${tx(lang, input.unitName)}`;
  const status = `<p><span class="st-${esc(r.status)}"><strong>${esc(statusLabel(lang, r.status))}</strong></span> · ${esc(m(lang, "due"))}: ${esc(view.dueOn.split("-").reverse().join("/"))}${"version" in r && r.version ? ` · ${esc(m(lang, "version"))} ${r.version}` : ""}</p>`;
  const returned =
    r.status === "DRAFT" && "returned" in r && r.returned
      ? `<p class="notice error">${esc(m(lang, "returned"))}: ${esc(r.returned.comment)}</p>`
      : "";
  const last = r.reopenings[r.reopenings.length - 1];
  const reopened =
    r.status === "REOPENED" && last
      ? `<p class="notice">${esc(m(lang, "reopened"))}: ${esc(last.reason)}</p>`
      : "";
  const locked =
    r.status === "APPROVED" ? `<p class="notice ok">${esc(m(lang, "locked"))}</p>` : "";
  const notice = input.notice
    ? `<p class="notice ${input.notice.kind}" role="status">${esc(input.notice.text)}</p>`
    : "";
  const narrative =
    !input.may.edit &&
    (r.narrative.results || r.narrative.difficulties || r.narrative.recommendations)
      ? `<h2>${esc(m(lang, "narrative"))}</h2><dl>${(
          ["results", "difficulties", "recommendations"] as const
        )
          .filter((k) => r.narrative[k])
          .map((k) => `<dt>${esc(m(lang, k))}</dt><dd>${esc(r.narrative[k])}</dd>`)
          .join("")}</dl>`
      : "";
  const entered =
    !input.may.edit && Object.keys(r.entered).length > 0
      ? `<h2>${esc(m(lang, "entered"))}</h2><dl>${Object.entries(r.entered)
          .map(([c, v]) => {
            const d = input.defs.find((x) => x.code === c);
            return `<dt>${esc(d ? tx(lang, d.name) : c)}</dt><dd>${esc(figureText(lang, d?.unit ?? "count", v))}</dd>`;
          })
          .join("")}</dl>`
      : "";
  const communes = view.communes
    ? `<h2>${esc(m(lang, "communesReports"))}</h2><ul class="places">${view.communes
        .map(
          (c) =>
            `<li><a href="/app/monitoring/reports/${encodeURIComponent(c.unitId)}/${encodeURIComponent(r.period)}">${esc(c.name)}</a> · <span class="st-${esc(c.status)}">${esc(statusLabel(lang, c.status))}</span></li>`,
        )
        .join("")}</ul>`
    : "";
  const history = `<h2>${esc(m(lang, "history"))}</h2><p class="meta">${esc(m(lang, input.chain.ok ? "chainOk" : "chainBroken"))} (${input.chain.checked})</p><ul class="places">${input.history
    .map(
      (e) =>
        `<li>${esc(localTime(lang, e.at))} · ${esc(e.type)} · ${esc(e.actorId)}${e.reason ? ` · ${esc(e.reason)}` : ""}</li>`,
    )
    .join("")}</ul>`;
  const body = `${DASHBOARD_CSS}<p class="crumbs"><a href="/app/monitoring?place=${encodeURIComponent(r.unitId)}&amp;period=${encodeURIComponent(r.period)}">${esc(m(lang, "back"))}</a></p>
<h1>${esc(title)}</h1>${status}${notice}${returned}${reopened}${locked}
<h2>${esc(m(lang, "figures"))}</h2><p class="meta">${esc(m(lang, view.live ? "live" : "frozen"))}</p>${figuresTable(lang, view, input.defs)}
${input.may.edit || input.may.submit ? editForm(input) : `${entered}${narrative}`}
${input.may.approve ? decisionForm(input) : ""}${input.may.reopen ? reopenForm(input) : ""}${communes}${history}`;
  return { title, body };
}
