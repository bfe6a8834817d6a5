import { apiHandler, expectedVersion, json } from "../../shared/http/handler.ts";
import { submitProposal } from "../../shared/proposals/use-cases/proposals.ts";
import { proposalView } from "../../shared/proposals/views.ts";

/** POST /v1/proposals/{id}/submit: send a draft (or a returned proposal) to its reviewing unit. */
export const { handler, lambdaHandler } = apiHandler(
  async (ctx) => {
    const p = await submitProposal(
      ctx.actor,
      ctx.tx,
      ctx.path("id"),
      expectedVersion(ctx, undefined),
    );
    return json(202, proposalView(p), { etag: `"${p.version}"` });
  },
  { idempotent: true },
);
