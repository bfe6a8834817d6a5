import { WebAuditPage } from "../../shared/audit/routes.ts";
import { auditExportFile, exportHeaders } from "../../shared/audit/use-cases/audit-export.ts";
import {
  auditEvents,
  auditEventViews,
  parseAuditRequest,
  vietnamTime,
} from "../../shared/audit/use-cases/audit-query.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { esc } from "../../shared/web/html.ts";

const FILTERS = [
  "proposalId",
  "provinceId",
  "reviewUnitId",
  "communeId",
  "actorId",
  "type",
  "from",
  "to",
] as const;

const L = {
  vi: {
    title: "Nhật ký kiểm toán",
    filter: "Lọc",
    none: "Không có sự kiện nào.",
    next: "Trang sau",
    time: "Thời gian (giờ Việt Nam)",
    event: "Sự kiện",
    actor: "Người thực hiện",
    channel: "Kênh",
    change: "Thay đổi",
    reason: "Lý do",
    subject: "Đối tượng",
    labels: {
      proposalId: "Mã đề xuất",
      provinceId: "Tỉnh",
      reviewUnitId: "Cụm thẩm định",
      communeId: "Xã",
      actorId: "Người thực hiện",
      type: "Loại sự kiện",
      from: "Từ ngày (UTC)",
      to: "Đến ngày (UTC, không gồm)",
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
      from: "From (UTC)",
      to: "To (UTC, exclusive)",
    },
  },
};

/**
 * GET /app/audit: the auditors' page. The same queries as GET /v1/audit/events, authorized by
 * the same policy, signed in by the `p8_token` cookie; `format=csv|xlsx` downloads the file.
 */
export const { handler, lambdaHandler } = pageHandler(WebAuditPage, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const q = ctx.queryAll();
  const { format, lang: _lang, ...rest } = q;
  const request = parseAuditRequest(
    Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== "")),
  );
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
  const page = await auditEvents(s.actor, request);
  const l = L[ctx.lang];
  const form = FILTERS.map(
    (f) =>
      `<label>${esc(l.labels[f])}<input type="text" name="${f}" value="${esc(q[f] ?? "")}"></label>`,
  ).join("");
  const keep = new URLSearchParams(
    Object.entries(rest).filter((e): e is [string, string] => e[0] !== "cursor" && !!e[1]),
  );
  const link = (extra: Record<string, string>) => {
    const p = new URLSearchParams(keep);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return `/app/audit?${p.toString()}`;
  };
  const rows = (await auditEventViews(page.events))
    .map(
      (
        e,
      ) => `<tr><td>${esc(vietnamTime(e.at))}</td><td>${esc(e.subject)} #${e.seq}</td><td>${esc(e.type)}</td>
<td>${esc(e.actorId)}<br><span class="meta">${esc(e.actorRole)}${e.actorUnitId ? ` · ${esc(e.actorUnitId)}` : ""}</span></td>
<td>${esc(e.channel)}</td><td>${esc(e.from ?? "–")} → ${esc(e.to)}</td><td>${esc(e.reason ?? "")}${e.survivorPseudonym ? `<br><span class="meta">${esc(e.survivorPseudonym)}</span>` : ""}</td></tr>`,
    )
    .join("");
  const body = `<h1>${esc(l.title)}</h1>
<form method="get" action="/app/audit" class="filters">${form}<button>${esc(l.filter)}</button></form>
<p><a href="${esc(link({ format: "csv" }))}">CSV</a> · <a href="${esc(link({ format: "xlsx" }))}">XLSX</a></p>
${
  page.events.length === 0
    ? `<p class="notice">${esc(l.none)}</p>`
    : `<table><thead><tr><th>${esc(l.time)}</th><th>${esc(l.subject)}</th><th>${esc(l.event)}</th><th>${esc(l.actor)}</th><th>${esc(l.channel)}</th><th>${esc(l.change)}</th><th>${esc(l.reason)}</th></tr></thead><tbody>${rows}</tbody></table>`
}
${page.nextCursor ? `<p><a rel="next" href="${esc(link({ cursor: page.nextCursor }))}">${esc(l.next)}</a></p>` : ""}`;
  return ctx.page(200, l.title, body);
});
