import { WebNewBatch } from "../../shared/batches/routes.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { isBatchActivity } from "./batch-views.ts";
import { renderNewBatch } from "./new-batch-form.ts";

/** GET /app/batches/new: the commune's registered groups (or addresses) with checkboxes and amounts. */
export const { handler, lambdaHandler } = pageHandler(WebNewBatch, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const a = ctx.query("activity");
  return renderNewBatch(ctx, s, isBatchActivity(a) ? a : "A1", 200);
});
