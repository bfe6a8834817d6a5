import { attachmentPorts as ports } from "../../shared/attachments/adapters/ports.ts";
import { WebAttachmentDownload } from "../../shared/attachments/routes.ts";
import { downloadAttachment } from "../../shared/attachments/use-cases/read.ts";
import { pageHandler } from "../../shared/web/handler.ts";

/**
 * GET /app/proposals/{id}/attachments/{attachmentId}: 303 to a presigned download valid for
 * five minutes (pages send no Referer, so the URL goes nowhere else). A survivor's document
 * only for roles that may read personal data, each read recorded; others get the refusal page.
 */
export const { handler, lambdaHandler } = pageHandler(WebAttachmentDownload, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const { download } = await downloadAttachment(
    ports,
    s.actor,
    ctx.tx(s, "web"),
    ctx.path("id"),
    ctx.path("attachmentId"),
  );
  return ctx.redirect(download.url);
});
