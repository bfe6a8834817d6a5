import type { ScopedActor } from "../../shared/access/policy.ts";
import { roleMay } from "../../shared/access/policy.ts";
import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { formatDateTime, formatMoney } from "../../shared/kernel/display.ts";
import { PROPOSAL_STATUSES, type ProposalStatus } from "../../shared/kernel/types.ts";
import { ACTIVITY_NAMES, STATUS_NAMES } from "../../shared/kernel/vocabulary.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { WebProposalList } from "../../shared/proposals/routes.ts";
import { listProposals } from "../../shared/proposals/use-cases/list-proposals.ts";
import { ct } from "../../shared/web/commune-text.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { esc } from "../../shared/web/html.ts";
import type { Lang } from "../../shared/web/i18n.ts";
import { statusBadge } from "../../shared/web/timeline.ts";

const ports = { proposals: dynamoProposalStore, directory: dynamoDirectory };

/** The order the commune works in: what waits for it first, what is over last. */
const ORDER: readonly ProposalStatus[] = [
  "RETURNED",
  "DRAFT",
  "IN_REVIEW",
  "NORM_CHECK",
  "APPROVED",
  "DISBURSING",
  "MONITORING",
  "CLOSED",
  "REJECTED",
  "CANCELLED",
];
const NEEDS_ACTION: ReadonlySet<ProposalStatus> = new Set(["RETURNED", "DRAFT"]);

type Row = Awaited<ReturnType<typeof listProposals>>["proposals"][number];

function card(lang: Lang, p: Row): string {
  const total = p.items.reduce((n, i) => n + i.supportAmount, 0);
  const reason =
    p.status === "RETURNED" && p.statusReason
      ? `<br><span class="late">${esc(p.statusReason)}</span>`
      : "";
  return `<li><a href="/app/proposals/${encodeURIComponent(p.id)}"><strong>${esc(p.reference)}</strong> · ${esc(p.title)}</a> ${statusBadge(lang, p.status)}
<div class="meta">${esc(ACTIVITY_NAMES[p.activity][lang])}<br>${esc(formatMoney(lang, p.approvedAmount ?? total))} · ${esc(ct(lang, "updated"))} ${esc(formatDateTime(lang, p.updatedAt))}${reason}</div></li>`;
}

/**
 * GET /app/proposals: the commune's proposals grouped by status, what needs the commune first
 * (returned, drafts); `?status=` shows one status. Other roles see the proposals of their scope
 * the same way (the API's listing: one index query, never a scan).
 */
export const { handler, lambdaHandler } = pageHandler(WebProposalList, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const lang = ctx.lang;
  const raw = ctx.query("status");
  const status = PROPOSAL_STATUSES.find((x) => x === raw);
  const cursor = ctx.query("cursor");
  const res = await listProposals(ports, s.actor as ScopedActor, {
    ...(status ? { status } : {}),
    ...(ctx.query("communeId") ? { communeId: ctx.query("communeId") } : {}),
    limit: 100,
    ...(cursor ? { cursor } : {}),
  });
  const tabs = [
    `<a href="/app/proposals"${status ? "" : ' aria-current="page"'}>${esc(ct(lang, "allStatuses"))}</a>`,
    ...ORDER.map(
      (x) =>
        `<a href="/app/proposals?status=${x}"${x === status ? ' aria-current="page"' : ""}>${esc(STATUS_NAMES[x][lang])}</a>`,
    ),
  ].join("");
  const groups = ORDER.map((x) => {
    const rows = res.proposals.filter((p) => p.status === x);
    if (rows.length === 0) return "";
    const flag = NEEDS_ACTION.has(x)
      ? ` <span class="high">· ${esc(ct(lang, "needsAction"))}</span>`
      : "";
    return `<h2 id="s-${x}">${esc(STATUS_NAMES[x][lang])} (${rows.length})${flag}</h2><ul class="cards">${rows.map((p) => card(lang, p)).join("")}</ul>`;
  }).join("");
  const more = res.cursor
    ? `<p><a href="/app/proposals?${new URLSearchParams({ ...(status ? { status } : {}), cursor: res.cursor }).toString()}">${esc(ct(lang, "nextPage"))}</a></p>`
    : "";
  const create = roleMay(s.actor.role, "proposal.create")
    ? `<p><a href="/app/proposals/new"><strong>+ ${esc(ct(lang, "newProposal"))}</strong></a></p>`
    : "";
  const title =
    s.actor.role === "commune_officer" ? ct(lang, "myProposals") : ct(lang, "proposals");
  return ctx.page(
    200,
    title,
    `<h1>${esc(title)}</h1>${create}<nav class="tabs" aria-label="${esc(ct(lang, "status"))}">${tabs}</nav>${groups || `<p>${esc(ct(lang, "noProposals"))}</p>`}${more}`,
  );
});
