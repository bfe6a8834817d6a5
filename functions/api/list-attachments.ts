import { dynamoAttachmentStore } from "../../shared/attachments/adapters/dynamo-attachment-store.ts";
import { ListAttachments } from "../../shared/attachments/routes.ts";
import { listAttachments } from "../../shared/attachments/use-cases/read.ts";
import { attachmentView } from "../../shared/attachments/views.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";

const ports = { proposals: dynamoProposalStore, attachments: dynamoAttachmentStore };

/** GET /v1/proposals/{id}/attachments: kinds, sizes and hashes (no S3 client in this bundle). */
export const { handler, lambdaHandler } = apiHandler(ListAttachments, async (ctx, { params }) => {
  const { proposal, attachments } = await listAttachments(ports, ctx.actor, params.id);
  return json(200, { proposalId: proposal.id, attachments: attachments.map(attachmentView) });
});
