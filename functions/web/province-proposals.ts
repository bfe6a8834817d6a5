import type { ScopedActor } from "../../shared/access/policy.ts";
import { roleMay } from "../../shared/access/policy.ts";
import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { L } from "../../shared/funding/web/finance-views.ts";
import { formatDateTime, formatMoney } from "../../shared/kernel/display.ts";
import { ForbiddenError } from "../../shared/kernel/errors.ts";
import { ACTIVITIES, PROPOSAL_STATUSES } from "../../shared/kernel/types.ts";
import { ACTIVITY_NAMES, STATUS_NAMES } from "../../shared/kernel/vocabulary.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { WebProvinceProposals } from "../../shared/proposals/routes.ts";
import { listProposals } from "../../shared/proposals/use-cases/list-proposals.ts";
import { foldVietnamese } from "../../shared/registry/domain/names.ts";
import { selectField } from "../../shared/web/forms.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { esc } from "../../shared/web/html.ts";
import { statusBadge } from "../../shared/web/timeline.ts";

const ports = { proposals: dynamoProposalStore, directory: dynamoDirectory };
/** Read per page: one status is one index query; every status walks the province's order. */
const LIMIT = 100;

/**
 * GET /app/province: the proposals of the province's communes, filtered by commune name
 * (accents optional), activity and status; the overdue reviews have their own page.
 */
export const { handler, lambdaHandler } = pageHandler(WebProvinceProposals, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const lang = ctx.lang;
  if (s.actor.role !== "province_officer" || !roleMay(s.actor.role, "proposal.read"))
    throw new ForbiddenError("the province's list is the province officer's");
  const communeQ = (ctx.query("commune") ?? "").slice(0, 80);
  const activity = ACTIVITIES.find((a) => a === ctx.query("activity"));
  const status = PROPOSAL_STATUSES.find((x) => x === ctx.query("status"));
  const units = await dynamoDirectory.listUnits(s.actor.provinceId);
  const communes = units.filter((u) => u.kind === "commune");
  const names = new Map(communes.map((c) => [c.id, lang === "vi" ? c.nameVi : c.nameEn]));
  const wanted = foldVietnamese(communeQ);
  const matching = wanted
    ? new Set(
        communes
          .filter((c) => foldVietnamese(`${c.nameVi} ${c.nameEn}`).includes(wanted))
          .map((c) => c.id),
      )
    : undefined;
  const res = await listProposals(ports, s.actor as ScopedActor, {
    ...(status ? { status } : {}),
    limit: LIMIT,
  });
  const rows = res.proposals.filter(
    (p) => (!activity || p.activity === activity) && (!matching || matching.has(p.communeId)),
  );
  const items = rows
    .map((p) => {
      const total = p.items.reduce((n, i) => n + i.supportAmount, 0);
      return `<li><a href="/app/proposals/${encodeURIComponent(p.id)}"><strong>${esc(p.reference)}</strong> · ${esc(p.title)}</a> ${statusBadge(lang, p.status)}<div class="meta">${esc(names.get(p.communeId) ?? p.communeId)} · ${esc(ACTIVITY_NAMES[p.activity][lang])}<br>${esc(formatMoney(lang, p.approvedAmount ?? total))} · ${esc(formatDateTime(lang, p.updatedAt))}</div></li>`;
    })
    .join("");
  const filters = `<form method="get" action="/app/province" class="filters" aria-label="${esc(L(lang, "Lọc", "Filter"))}">
<label>${esc(L(lang, "Xã", "Commune"))}<input type="text" name="commune" value="${esc(communeQ)}" maxlength="80"></label>
<div class="cell">${selectField({ name: "activity", label: L(lang, "Hoạt động", "Activity"), value: activity, empty: L(lang, "Tất cả", "All"), options: ACTIVITIES.map((a) => ({ value: a, label: ACTIVITY_NAMES[a][lang] })) })}</div>
<div class="cell">${selectField({ name: "status", label: L(lang, "Trạng thái", "Status"), value: status, empty: L(lang, "Tất cả", "All"), options: PROPOSAL_STATUSES.map((x) => ({ value: x, label: STATUS_NAMES[x][lang] })) })}</div>
<button type="submit">${esc(L(lang, "Lọc", "Filter"))}</button></form>`;
  const title = L(lang, "Đề xuất của các xã trong tỉnh", "Proposals across the province");
  return ctx.page(
    200,
    title,
    `<h1>${esc(title)}</h1>${filters}<p><a href="/app/reviews/overdue">${esc(L(lang, "Thẩm định quá hạn", "Overdue reviews"))}</a></p><p class="meta">${rows.length} ${esc(L(lang, "đề xuất", "proposals"))}${res.cursor ? esc(L(lang, ` (${LIMIT} đề xuất gần nhất; lọc thêm để thu hẹp)`, ` (the latest ${LIMIT}; filter to narrow)`)) : ""}</p>${items ? `<ul class="cards">${items}</ul>` : `<p>${esc(L(lang, "Không có đề xuất phù hợp.", "No proposals match."))}</p>`}`,
  );
});
