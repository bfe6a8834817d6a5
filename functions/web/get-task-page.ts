import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { dynamoTaskStore } from "../../shared/review/adapters/dynamo-task-store.ts";
import { WebTaskPage } from "../../shared/review/routes.ts";
import { readTask } from "../../shared/review/use-cases/list-tasks.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { t } from "../../shared/web/i18n.ts";
import { decidedLine } from "../../shared/web/views.ts";
import { renderTaskPage } from "./task-page.ts";

const ports = {
  tasks: dynamoTaskStore,
  proposals: dynamoProposalStore,
  directory: dynamoDirectory,
};

/** GET /app/tasks/{id}: the task page (read only; every change is a POST with a CSRF token). */
export const { handler, lambdaHandler } = pageHandler(WebTaskPage, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const id = ctx.path("id");
  const task = await readTask(ports, s.actor, id);
  const done = ctx.query("done");
  const message =
    done && task.status === "DONE"
      ? { text: `${t(ctx.lang, "recorded")} ${decidedLine(ctx.lang, task)}`, kind: "ok" as const }
      : undefined;
  return renderTaskPage(ports, ctx, s, id, 200, message);
});
