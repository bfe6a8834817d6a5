import { apiHandler, expectedVersion, json } from "../../shared/http/handler.ts";
import { parseJson } from "../../shared/http/validate.ts";
import { UpdateProposalInput } from "../../shared/proposals/schemas.ts";
import { updateProposal } from "../../shared/proposals/use-cases/proposals.ts";
import { proposalView } from "../../shared/proposals/views.ts";

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
