import { roleMay, scopeRuleOf } from "../../shared/access/policy.ts";
import { WebHome } from "../../shared/access/routes.ts";
import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { L } from "../../shared/funding/web/finance-views.ts";
import { ROLE_NAMES } from "../../shared/kernel/vocabulary.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { dynamoTaskStore } from "../../shared/review/adapters/dynamo-task-store.ts";
import { provinceOverdue } from "../../shared/review/use-cases/province-overdue.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { type HomeCounts, homeCards } from "../../shared/web/home-view.ts";
import { esc } from "../../shared/web/html.ts";

/**
 * GET /app: each role's landing page, where the sign-in lands. Links come from the access
 * policy (shared/web/home-view.ts); the counts are a few index queries, never a scan.
 */
export const { handler, lambdaHandler } = pageHandler(WebHome, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const { actor } = s;
  const lang = ctx.lang;
  const nowMs = Date.parse(ctx.now);
  const counts: HomeCounts = {};
  if (scopeRuleOf(actor.role, "task.read") === "reviewUnit") {
    const open = await dynamoTaskStore.ofUnit(
      actor.unitId,
      { status: "OPEN" },
      { limit: 100, scope: ["home", actor.id] },
    );
    counts.openTasks = open.tasks.length;
    counts.overdueTasks = open.tasks.filter((x) => Date.parse(x.dueAt) < nowMs).length;
  }
  if (actor.role === "commune_officer") {
    const page = { limit: 100, scope: ["home", actor.id] };
    counts.returned = (
      await dynamoProposalStore.ofCommune(actor.unitId, "RETURNED", page)
    ).proposals.length;
    counts.drafts = (
      await dynamoProposalStore.ofCommune(actor.unitId, "DRAFT", page)
    ).proposals.length;
  }
  if (roleMay(actor.role, "disbursement.record")) {
    counts.awaitingPayment = (
      await dynamoProposalStore.inProvince(actor.provinceId, "APPROVED", {
        limit: 100,
        scope: ["home", actor.id],
      })
    ).proposals.length;
  }
  if (actor.role === "province_officer") {
    counts.overdueReviews = (
      await provinceOverdue({ tasks: dynamoTaskStore, directory: dynamoDirectory }, actor, nowMs)
    ).length;
  }
  const title = L(lang, "Trang chủ", "Home");
  const who = `${s.actor.name ?? s.actor.id} · ${ROLE_NAMES[actor.role][lang]}`;
  return ctx.page(
    200,
    title,
    `<h1>${esc(L(lang, "Việc hôm nay", "Today's work"))}</h1><p class="meta">${esc(who)}</p>${homeCards(lang, actor.role, counts)}`,
  );
});
