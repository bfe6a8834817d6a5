import { attachmentPorts as ports } from "../../shared/attachments/adapters/ports.ts";
import { ConfirmAttachment } from "../../shared/attachments/routes.ts";
import { confirmUpload } from "../../shared/attachments/use-cases/upload.ts";
import { attachmentView } from "../../shared/attachments/views.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";

/** POST /v1/proposals/{id}/attachments/{attachmentId}/confirm: checks the upload and attaches it. */
export const { handler, lambdaHandler } = apiHandler(ConfirmAttachment, async (ctx, { params }) =>
  json(
    201,
    attachmentView(await confirmUpload(ports, ctx.actor, ctx.tx, params.id, params.attachmentId)),
  ),
);
