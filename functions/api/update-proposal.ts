import { UpdateProposalInput } from "../../shared/api/schemas.ts";
import { proposalView } from "../../shared/api/views.ts";
import { apiHandler, expectedVersion, json } from "../../shared/http/handler.ts";
import { parseJson } from "../../shared/http/validate.ts";
import { updateProposal } from "../../shared/use-cases/proposals.ts";

/** PUT /v1/proposals/{id}: edit a draft or returned proposal; If-Match (or body.version) required. */
export const { handler, lambdaHandler } = apiHandler(async (ctx) => {
  const id = ctx.path("id");
  const { version, ...input } = parseJson(
    ctx.event.body,
    UpdateProposalInput,
    ctx.event.isBase64Encoded,
  );
  const p = await updateProposal(ctx.actor, ctx.tx, id, expectedVersion(ctx, version), input);
  return json(200, proposalView(p), { etag: `"${p.version}"` });
});
