import { apiHandler, json } from "../../shared/http/handler.ts";
import { parseJson } from "../../shared/http/validate.ts";
import { CreateProposalInput } from "../../shared/proposals/schemas.ts";
import { createProposal } from "../../shared/proposals/use-cases/proposals.ts";
import { proposalView } from "../../shared/proposals/views.ts";

/** POST /v1/proposals: a commune officer creates a draft. */
export const { handler, lambdaHandler } = apiHandler(
  async (ctx) => {
    const input = parseJson(ctx.event.body, CreateProposalInput, ctx.event.isBase64Encoded);
    const p = await createProposal(ctx.actor, ctx.tx, input);
    return json(201, proposalView(p), {
      location: `/v1/proposals/${p.id}`,
      etag: `"${p.version}"`,
    });
  },
  { idempotent: true },
);
