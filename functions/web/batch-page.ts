import { WebBatchPage } from "../../shared/batches/routes.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { renderBatchPage } from "./batch-page-render.ts";
import { bt } from "./batch-views.ts";

/** GET /app/batches/{id}: the batch and its members; every change is a POST with a CSRF token. */
export const { handler, lambdaHandler } = pageHandler(WebBatchPage, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const lang = ctx.lang;
  const decided = ctx.query("decided");
  const left = ctx.query("left");
  const text = ctx.query("created")
    ? bt(lang, "created")
    : ctx.query("submitted")
      ? bt(lang, "submitted")
      : decided !== undefined
        ? `${bt(lang, "decided")}: ${Number(decided) || 0} · ${bt(lang, "left")}: ${Number(left) || 0}`
        : undefined;
  const refused = ctx.query("refused");
  return renderBatchPage(
    ctx,
    s,
    ctx.path("id"),
    200,
    refused
      ? { text: `${bt(lang, "submittedRefused")}: ${Number(refused) || 0}`, kind: "error" }
      : text
        ? { text, kind: "ok" }
        : undefined,
  );
});
