import { roleMay } from "../../shared/access/policy.ts";
import { L } from "../../shared/funding/web/finance-views.ts";
import { ForbiddenError } from "../../shared/kernel/errors.ts";
import { dynamoNormSetDrafts } from "../../shared/norms/adapters/dynamo-norm-ports.ts";
import type { NormSetDraftRecord } from "../../shared/norms/domain/drafts.ts";
import { formatDongVi } from "../../shared/norms/domain/money.ts";
import { WebNormSets } from "../../shared/norms/routes.ts";
import { listNormSetDrafts } from "../../shared/norms/use-cases/publish-norm-set.ts";
import type { PageCtx } from "../../shared/web/handler.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { esc } from "../../shared/web/html.ts";
import { localTime } from "../../shared/web/i18n.ts";
import { csrfToken, type WebSession } from "../../shared/web/session.ts";

export const NORM_SETS_PATH = "/app/norm-sets";

function draftItem(ctx: PageCtx, s: WebSession, d: NormSetDraftRecord, csrf: string): string {
  const lang = ctx.lang;
  const scope =
    d.scope.kind === "national"
      ? L(lang, "toàn quốc", "national")
      : `${L(lang, "tỉnh", "province")} ${d.scope.provinceId}`;
  const above = d.aboveCeiling
    .map(
      (f) =>
        `<li class="error">${esc(f.code)}: ${esc(formatDongVi(f.cap))} ${esc(L(lang, "vượt mức trần", "above the ceiling of"))} ${esc(formatDongVi(f.ceiling))} (${esc(f.ceilingCitation)}) — ${esc(f.legalCitation ? `${L(lang, "căn cứ mới", "new legal text")}: ${f.legalCitation}` : L(lang, "không có căn cứ pháp lý mới: không thể phê duyệt", "no new legal text: cannot be approved"))}</li>`,
    )
    .join("");
  const mine = d.draftedBy === s.actor.id;
  const approve =
    d.status !== "pending"
      ? `<p class="notice ok">${esc(L(lang, "Đã phê duyệt bởi", "Approved by"))} ${esc(d.approvedBy ?? "")} · v${esc(d.version ?? "")}</p>`
      : mine
        ? `<p class="meta">${esc(L(lang, "Bạn soạn bộ này: cần một người khác phê duyệt.", "You drafted this set: someone else must approve it."))}</p>`
        : `<form method="post" action="${NORM_SETS_PATH}"><input type="hidden" name="_csrf" value="${esc(csrf)}"><input type="hidden" name="op" value="approve"><input type="hidden" name="draftId" value="${esc(d.draftId)}">${d.aboveCeiling.length ? `<label><input type="checkbox" name="confirm" value="1"> ${esc(L(lang, "Tôi xác nhận căn cứ pháp lý cho mức vượt trần", "I confirm the legal text for the caps above the ceiling"))}</label>` : ""}<button type="submit">${esc(L(lang, "Phê duyệt", "Approve"))}</button></form>`;
  return `<li><strong>${esc(d.setId)}</strong> · ${esc(scope)} · ${esc(L(lang, "hiệu lực từ", "from"))} ${esc(d.draft.effectiveFrom)}<div class="meta">${esc(L(lang, "Người soạn", "Drafted by"))} ${esc(d.draftedBy)}, ${esc(localTime(lang, d.draftedAt))} · ${d.draft.items.length} ${esc(L(lang, "khoản mục", "items"))}</div>${above ? `<ul>${above}</ul>` : ""}${approve}</li>`;
}

/** The admins' norm-set page, with a message after a form post. */
export async function renderNormSetsPage(
  ctx: PageCtx,
  s: WebSession,
  status = 200,
  message?: { text: string; kind: "ok" | "error" },
) {
  const lang = ctx.lang;
  if (!roleMay(s.actor.role, "norms.draft"))
    throw new ForbiddenError("the norm-set pages are for admins");
  const csrf = csrfToken(s, NORM_SETS_PATH);
  const drafts = await listNormSetDrafts({ drafts: dynamoNormSetDrafts }, s.actor, 30);
  const title = L(lang, "Bộ định mức: soạn thảo và phê duyệt", "Norm sets: draft and approve");
  return ctx.page(
    status,
    title,
    `<h1>${esc(title)}</h1>${message ? `<p class="notice ${message.kind}" role="${message.kind === "error" ? "alert" : "status"}">${esc(message.text)}</p>` : ""}
<p>${esc(L(lang, "Một bộ định mức chỉ có hiệu lực khi người thứ hai (không phải người soạn) phê duyệt. Mọi mức được so với mức trần của văn bản pháp luật.", "A norm set takes effect only when a second person (not the drafter) approves it. Every cap is compared with the legal ceiling."))}</p>
<h2>${esc(L(lang, "Dự thảo", "Drafts"))}</h2>${drafts.length ? `<ul class="tasks">${drafts.map((d) => draftItem(ctx, s, d, csrf)).join("")}</ul>` : `<p>${esc(L(lang, "Chưa có dự thảo.", "No drafts."))}</p>`}
<h2>${esc(L(lang, "Soạn dự thảo mới", "New draft"))}</h2>
<form method="post" action="${NORM_SETS_PATH}"><input type="hidden" name="_csrf" value="${esc(csrf)}"><input type="hidden" name="op" value="draft"><label>${esc(L(lang, "Bộ định mức (JSON, như GET /v1/norm-sets)", "Norm set (JSON, as GET /v1/norm-sets)"))}<textarea name="set" rows="12" required style="width:100%;font-family:monospace"></textarea></label><button type="submit">${esc(L(lang, "Lưu dự thảo", "Save draft"))}</button></form>`,
  );
}

/** GET /app/norm-sets: drafts awaiting a second admin, and a form for a new draft. */
export const { handler, lambdaHandler } = pageHandler(WebNormSets, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const done = ctx.query("done");
  return renderNormSetsPage(
    ctx,
    s,
    200,
    done ? { text: L(ctx.lang, "Đã lưu.", "Saved."), kind: "ok" } : undefined,
  );
});
