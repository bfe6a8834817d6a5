import { apiHandler, json } from "../../shared/http/handler.ts";
import { PreviewNormCheck } from "../../shared/norms/routes.ts";
import { previewNormCheck } from "../../shared/norms/use-cases/norms.ts";

/** POST /v1/proposals/{id}/norm-check: what the norm check would say now; reserves nothing. */
export const { handler, lambdaHandler } = apiHandler(PreviewNormCheck, async (ctx, { params }) =>
  json(200, await previewNormCheck(ctx.actor, ctx.tx, params.id)),
);
