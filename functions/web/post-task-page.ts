import { authorize } from "../../shared/access/policy.ts";
import { ConflictError, ForbiddenError, ValidationError } from "../../shared/kernel/errors.ts";
import { loadTask } from "../../shared/review/adapters/dynamo-task-store.ts";
import { WebTaskAction } from "../../shared/review/routes.ts";
import { decideTask } from "../../shared/review/use-cases/review.ts";
import {
  claimTask,
  reassignTask,
  unclaimTask,
} from "../../shared/review/use-cases/task-assignment.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { t } from "../../shared/web/i18n.ts";
import { csrfValid, formOf } from "../../shared/web/session.ts";
import { decidedLine } from "../../shared/web/views.ts";
import { renderTaskPage } from "./task-page.ts";

const DECISIONS = ["approve", "return", "reject"] as const;
type DecisionKind = (typeof DECISIONS)[number];
const isDecision = (v: string | undefined): v is DecisionKind =>
  (DECISIONS as readonly string[]).includes(v ?? "");

/**
 * POST /app/tasks/{id}: the task page's forms (decide, claim, unclaim, reassign), each with the
 * CSRF token bound to the session. Success redirects (303) back to the page; a refusal renders
 * the page with the reason (e.g. "already decided by X at T").
 */
export const { handler, lambdaHandler } = pageHandler(WebTaskAction, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const id = ctx.path("id");
  const action = `/app/tasks/${encodeURIComponent(id)}`;
  const form = formOf(ctx.event);
  if (!csrfValid(s, action, form._csrf))
    return renderTaskPage(ctx, s, id, 403, { text: t(ctx.lang, "csrf"), kind: "error" });
  const task = await loadTask(id);
  authorize(s.actor, "task.read", {
    communeId: task.communeId,
    reviewUnitId: task.reviewUnitId,
    provinceId: task.provinceId,
  });
  const tx = ctx.tx(s, "web");
  try {
    switch (form.op) {
      case "decide": {
        if (!isDecision(form.decision)) throw new ValidationError(t(ctx.lang, "decision"));
        await decideTask(s.actor, tx, id, {
          decision: form.decision,
          ...(form.comment?.trim() ? { comment: form.comment.trim() } : {}),
        });
        return ctx.redirect(`${action}?done=1`);
      }
      case "claim":
        await claimTask(s.actor, tx, id);
        return ctx.redirect(action);
      case "unclaim":
        await unclaimTask(s.actor, tx, id);
        return ctx.redirect(action);
      case "reassign":
        await reassignTask(s.actor, tx, id, form.assignee ?? "");
        return ctx.redirect(action);
      default:
        throw new ValidationError("unknown operation");
    }
  } catch (err) {
    if (err instanceof ValidationError && err.errors.some((e) => e.field === "comment")) {
      return renderTaskPage(ctx, s, id, 400, { text: t(ctx.lang, "comment"), kind: "error" });
    }
    if (err instanceof ConflictError) {
      // Name who decided, in the reader's language, when someone was faster.
      const now = await loadTask(id);
      const text =
        now.status === "DONE"
          ? decidedLine(ctx.lang, now)
          : now.status === "EXPIRED"
            ? t(ctx.lang, "timedOut")
            : err.message;
      return renderTaskPage(ctx, s, id, 409, { text, kind: "error" });
    }
    if (err instanceof ForbiddenError || err instanceof ValidationError) {
      return renderTaskPage(ctx, s, id, err.status, { text: err.message, kind: "error" });
    }
    throw err;
  }
});
