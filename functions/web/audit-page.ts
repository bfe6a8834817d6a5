import { WebAuditPage } from "../../shared/audit/routes.ts";
import { auditExportFile, exportHeaders } from "../../shared/audit/use-cases/audit-export.ts";
import {
  auditEvents,
  auditEventViews,
  parseAuditRequest,
} from "../../shared/audit/use-cases/audit-query.ts";
import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { dynamoUserStore } from "../../shared/directory/adapters/dynamo-user-store.ts";
import { formatDateTime, startOfLocalDay } from "../../shared/kernel/display.ts";
import { ValidationError } from "../../shared/kernel/errors.ts";
import type { ProposalStatus, Role } from "../../shared/kernel/types.ts";
import {
  CHANNEL_NAMES,
  EVENT_NAMES,
  eventName,
  ROLE_NAMES,
  STATUS_NAMES,
} from "../../shared/kernel/vocabulary.ts";
import { selectField } from "../../shared/web/forms.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { esc } from "../../shared/web/html.ts";

const L = {
  vi: {
    title: "Nhật ký kiểm toán",
    filter: "Lọc",
    none: "Không có sự kiện nào.",
    next: "Trang sau",
    time: "Thời gian",
    event: "Sự kiện",
    actor: "Người thực hiện",
    channel: "Kênh",
    change: "Thay đổi",
    reason: "Lý do",
    subject: "Đối tượng",
    labels: {
      proposalId: "Mã đề xuất",
      provinceId: "Tỉnh",
      reviewUnitId: "Đơn vị thẩm định",
      communeId: "Xã",
      actorId: "Người thực hiện",
      type: "Loại sự kiện",
      from: "Từ ngày",
      to: "Đến hết ngày",
    },
  },
  en: {
    title: "Audit trail",
    filter: "Filter",
    none: "No events.",
    next: "Next page",
    time: "Time (Vietnam)",
    event: "Event",
    actor: "Actor",
    channel: "Channel",
    change: "Change",
    reason: "Reason",
    subject: "Subject",
    labels: {
      proposalId: "Proposal id",
      provinceId: "Province",
      reviewUnitId: "Reviewing unit",
      communeId: "Commune",
      actorId: "Actor",
      type: "Event type",
      from: "From",
      to: "To (included)",
    },
  },
};

/** A filter in the row of filters (a label and its control together). */
const cell = (html: string) => `<div class="cell">${html}</div>`;

const isDay = (v: string | undefined): v is string => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v);
const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The page's filters in the query the API takes: names chosen from lists (commune, reviewing
 * unit, person) stand for their ids; the days are local (Asia/Ho_Chi_Minh), `to` included.
 */
function apiQuery(rest: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(rest)) {
    if (v === "" || k === "fromDay" || k === "toDay") continue;
    out[k] = v;
  }
  if (isDay(rest.fromDay)) out.from = startOfLocalDay(rest.fromDay);
  if (isDay(rest.toDay)) out.to = startOfLocalDay(nextDay(rest.toDay));
  return out;
}

const PROPOSAL_STREAM = /^P#/;

/**
 * GET /app/audit: the auditors' page. The same queries as GET /v1/audit/events, authorized by
 * the same policy, signed in by the `p8_token` cookie; `format=csv|xlsx` downloads the file.
 * Filters by names (communes, reviewing units, people of the province, from the directory),
 * times in Vietnam ("08:00 ngày 06/6/2026"), every proposal event linking to its page.
 */
export const { handler, lambdaHandler } = pageHandler(WebAuditPage, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const q = ctx.queryAll();
  const { format, lang: _lang, ...rest } = q;
  const lang = ctx.lang;
  let request: ReturnType<typeof parseAuditRequest>;
  try {
    request = parseAuditRequest(apiQuery(rest));
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    return ctx.page(
      400,
      L[lang].title,
      `<h1>${esc(L[lang].title)}</h1><p class="notice error" role="alert">${esc(lang === "vi" ? "Chỉ chọn một trong: mã đề xuất, xã, đơn vị thẩm định, người thực hiện; ngày theo dạng ngày/tháng/năm." : "Choose one of proposal, commune, reviewing unit, person; dates as days.")}</p><p><a href="/app/audit">${esc(lang === "vi" ? "Bỏ lọc" : "Clear the filters")}</a></p>`,
    );
  }
  if (format === "csv" || format === "xlsx") {
    const file = await auditExportFile(s.actor, request, format, ctx.now.slice(0, 10));
    return {
      statusCode: 200,
      headers: {
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
        ...exportHeaders(file),
      },
      body: file.body,
      ...(file.isBase64Encoded ? { isBase64Encoded: true } : {}),
    };
  }
  const [page, units, users] = await Promise.all([
    auditEvents(s.actor, request),
    dynamoDirectory.listUnits(s.actor.provinceId),
    dynamoUserStore.ofProvince(s.actor.provinceId),
  ]);
  const l = L[lang];
  const unitName = new Map(units.map((u) => [u.id, lang === "vi" ? u.nameVi : u.nameEn]));
  const userName = new Map(users.map((u) => [u.username, u.name]));
  const byName = (a: { label: string }, b: { label: string }) =>
    a.label.localeCompare(b.label, "vi");
  const unitOptions = (kind: string) =>
    units
      .filter((u) => u.kind === kind)
      .map((u) => ({ value: u.id, label: unitName.get(u.id) ?? u.id }))
      .sort(byName);
  const empty = lang === "vi" ? "Tất cả" : "All";
  const form = [
    `<label class="cell">${esc(l.labels.proposalId)}<input type="text" name="proposalId" value="${esc(q.proposalId ?? "")}" maxlength="64"></label>`,
    cell(
      selectField({
        name: "communeId",
        label: l.labels.communeId,
        value: q.communeId,
        empty,
        options: unitOptions("commune"),
      }),
    ),
    cell(
      selectField({
        name: "reviewUnitId",
        label: l.labels.reviewUnitId,
        value: q.reviewUnitId,
        empty,
        options: unitOptions("review_unit"),
      }),
    ),
    cell(
      selectField({
        name: "actorId",
        label: l.labels.actorId,
        value: q.actorId,
        empty,
        options: users
          .map((u) => ({ value: u.username, label: `${u.name} (${ROLE_NAMES[u.role][lang]})` }))
          .sort(byName),
      }),
    ),
    cell(
      selectField({
        name: "type",
        label: l.labels.type,
        value: q.type,
        empty,
        options: Object.entries(EVENT_NAMES)
          .map(([value, w]) => ({ value, label: w[lang] }))
          .sort(byName),
      }),
    ),
    `<label>${esc(l.labels.from)}<input type="date" name="fromDay" value="${esc(isDay(q.fromDay) ? q.fromDay : "")}"></label>`,
    `<label>${esc(l.labels.to)}<input type="date" name="toDay" value="${esc(isDay(q.toDay) ? q.toDay : "")}"></label>`,
  ].join("");
  const keep = new URLSearchParams(
    Object.entries(rest).filter((e): e is [string, string] => e[0] !== "cursor" && !!e[1]),
  );
  const link = (extra: Record<string, string>) => {
    const p = new URLSearchParams(keep);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return `/app/audit?${p.toString()}`;
  };
  const statusWord = (v: string | null | undefined) =>
    v ? (STATUS_NAMES[v as ProposalStatus]?.[lang] ?? v) : "–";
  const rows = (await auditEventViews(page.events))
    .map((e) => {
      const subject = PROPOSAL_STREAM.test(e.stream)
        ? `<a href="/app/proposals/${encodeURIComponent(e.subject)}">${esc(e.subject)}</a>`
        : esc(unitName.get(e.subject) ?? userName.get(e.subject) ?? e.subject);
      const who = userName.get(e.actorId) ?? e.actorId;
      const role = ROLE_NAMES[e.actorRole as Role]?.[lang] ?? "";
      const unit = e.actorUnitId ? (unitName.get(e.actorUnitId) ?? e.actorUnitId) : "";
      return `<tr><td>${esc(formatDateTime(lang, e.at))}</td><td>${subject} #${e.seq}</td><td>${esc(eventName(e.type)[lang])}</td>
<td>${esc(who)}<br><span class="meta">${esc(role)}${unit ? ` · ${esc(unit)}` : ""}</span></td>
<td>${esc(CHANNEL_NAMES[e.channel]?.[lang] ?? e.channel)}</td><td>${esc(statusWord(e.from))} → ${esc(statusWord(e.to))}</td><td>${esc(e.reason ?? "")}${e.survivorPseudonym ? `<br><span class="meta">${esc(e.survivorPseudonym)}</span>` : ""}</td></tr>`;
    })
    .join("");
  const body = `<h1>${esc(l.title)}</h1>
<form method="get" action="/app/audit" class="filters">${form}<button>${esc(l.filter)}</button></form>
<p><a href="${esc(link({ format: "csv" }))}">CSV</a> · <a href="${esc(link({ format: "xlsx" }))}">XLSX</a></p>
${
  page.events.length === 0
    ? `<p class="notice">${esc(l.none)}</p>`
    : `<div class="scroll"><table><thead><tr><th>${esc(l.time)}</th><th>${esc(l.subject)}</th><th>${esc(l.event)}</th><th>${esc(l.actor)}</th><th>${esc(l.channel)}</th><th>${esc(l.change)}</th><th>${esc(l.reason)}</th></tr></thead><tbody>${rows}</tbody></table></div>`
}
${page.nextCursor ? `<p><a rel="next" href="${esc(link({ cursor: page.nextCursor }))}">${esc(l.next)}</a></p>` : ""}`;
  return ctx.page(200, l.title, body);
});
