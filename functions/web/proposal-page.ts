import { attachNotice } from "../../shared/attachments/web/attach-notices.ts";
import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { dynamoFundingReader } from "../../shared/funding/adapters/dynamo-funding-reader.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { WebProposalPage } from "../../shared/proposals/routes.ts";
import { ct } from "../../shared/web/commune-text.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { type Notice, renderProposalPage } from "./proposal-view.ts";

const ports = {
  proposals: dynamoProposalStore,
  directory: dynamoDirectory,
  funding: dynamoFundingReader,
};

/** GET /app/proposals/{id}: the proposal page (read only; every change is a POST with a CSRF token). */
export const { handler, lambdaHandler } = pageHandler(WebProposalPage, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const saved = ctx.query("saved");
  const attachError = attachNotice(ctx.lang, ctx.query("attachError"));
  const notice: Notice | undefined = ctx.query("submitted")
    ? { text: ct(ctx.lang, "submitted"), kind: "ok" }
    : ctx.query("reported")
      ? { text: ct(ctx.lang, "reportFiled"), kind: "ok" }
      : saved
        ? { text: ct(ctx.lang, "saved"), kind: "ok" }
        : ctx.query("attached")
          ? { text: ctx.lang === "vi" ? "Đã đính kèm tệp." : "File attached.", kind: "ok" }
          : attachError
            ? { text: attachError, kind: "error" }
            : undefined;
  // `saved` names the form whose draft the browser may now forget (shared/web/draft-script.ts).
  const keep = saved && /^(new|edit-[A-Za-z0-9-]{1,64})$/.test(saved) ? saved : undefined;
  return renderProposalPage(
    ports,
    ctx,
    s,
    ctx.path("id"),
    200,
    notice,
    keep ? { saved: keep } : {},
  );
});
