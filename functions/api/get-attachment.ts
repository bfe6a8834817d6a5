import { attachmentPorts as ports } from "../../shared/attachments/adapters/ports.ts";
import { GetAttachment } from "../../shared/attachments/routes.ts";
import { downloadAttachment } from "../../shared/attachments/use-cases/read.ts";
import { attachmentView } from "../../shared/attachments/views.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";

/** GET /v1/proposals/{id}/attachments/{attachmentId}: the record and a presigned download. */
export const { handler, lambdaHandler } = apiHandler(GetAttachment, async (ctx, { params }) => {
  const r = await downloadAttachment(ports, ctx.actor, ctx.tx, params.id, params.attachmentId);
  return json(200, { ...r, attachment: attachmentView(r.attachment) });
});
