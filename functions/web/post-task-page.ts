import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { ConflictError, ForbiddenError, ValidationError } from "../../shared/kernel/errors.ts";
import { appLinks } from "../../shared/notifications/adapters/app-links.ts";
import { sesMailer } from "../../shared/notifications/adapters/mailer.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { dynamoLinkStore } from "../../shared/review/adapters/dynamo-link-store.ts";
import { dynamoReviewSettings } from "../../shared/review/adapters/dynamo-review-settings.ts";
import { dynamoTaskStore } from "../../shared/review/adapters/dynamo-task-store.ts";
import { WebTaskAction } from "../../shared/review/routes.ts";
import { readTask } from "../../shared/review/use-cases/list-tasks.ts";
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
import { dynamoOutbox } from "../../shared/workflow/adapters/outbox.ts";
import { sfnWorkflow } from "../../shared/workflow/adapters/sfn-workflow.ts";
import { renderTaskPage } from "./task-page.ts";

const ports = {
  tasks: dynamoTaskStore,
  proposals: dynamoProposalStore,
  directory: dynamoDirectory,
  outbox: dynamoOutbox,
  workflow: sfnWorkflow,
  links: dynamoLinkStore,
  settings: dynamoReviewSettings,
  mailer: sesMailer,
  urls: appLinks,
};

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
    return renderTaskPage(ports, ctx, s, id, 403, { text: t(ctx.lang, "csrf"), kind: "error" });
  await readTask(ports, s.actor, id);
  const tx = ctx.tx(s, "web");
  try {
    switch (form.op) {
      case "decide": {
        if (!isDecision(form.decision)) throw new ValidationError(t(ctx.lang, "decision"));
        await decideTask(ports, s.actor, tx, id, {
          decision: form.decision,
          ...(form.comment?.trim() ? { comment: form.comment.trim() } : {}),
        });
        return ctx.redirect(`${action}?done=1`);
      }
      case "claim":
        await claimTask(ports, s.actor, tx, id);
        return ctx.redirect(action);
      case "unclaim":
        await unclaimTask(ports, s.actor, tx, id);
        return ctx.redirect(action);
      case "reassign":
        await reassignTask(ports, s.actor, tx, id, form.assignee ?? "");
        return ctx.redirect(action);
      default:
        throw new ValidationError("unknown operation");
    }
  } catch (err) {
    const page = (status: number, text: string) =>
      renderTaskPage(ports, ctx, s, id, status, { text, kind: "error" });
    if (err instanceof ValidationError && err.errors.some((e) => e.field === "comment"))
      return page(400, t(ctx.lang, "comment"));
    if (err instanceof ConflictError) {
      // Name who decided, in the reader's language, when someone was faster.
      const now = await readTask(ports, s.actor, id);
      const text =
        now.status === "DONE"
          ? decidedLine(ctx.lang, now)
          : now.status === "EXPIRED"
            ? t(ctx.lang, "timedOut")
            : err.message;
      return page(409, text);
    }
    if (err instanceof ForbiddenError || err instanceof ValidationError)
      return page(err.status, err.message);
    throw err;
  }
});
