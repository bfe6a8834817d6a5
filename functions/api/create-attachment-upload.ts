import { attachmentPorts as ports } from "../../shared/attachments/adapters/ports.ts";
import { CreateAttachmentUpload } from "../../shared/attachments/routes.ts";
import { requestUpload } from "../../shared/attachments/use-cases/upload.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";

/** POST /v1/proposals/{id}/attachments: a presigned PUT for a document of the proposal. */
export const { handler, lambdaHandler } = apiHandler(
  CreateAttachmentUpload,
  async (ctx, { params, body }) => {
    const ticket = await requestUpload(ports, ctx.actor, ctx.tx, params.id, body);
    return json(201, {
      ...ticket,
      confirmPath: `/v1/proposals/${encodeURIComponent(params.id)}/attachments/${ticket.attachmentId}/confirm`,
    });
  },
);
