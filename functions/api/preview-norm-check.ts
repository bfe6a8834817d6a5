import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoNormSets, dynamoNormUsage } from "../../shared/norms/adapters/dynamo-norm-ports.ts";
import { PreviewNormCheck } from "../../shared/norms/routes.ts";
import { previewNormCheck } from "../../shared/norms/use-cases/norms.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";

const ports = { proposals: dynamoProposalStore, normSets: dynamoNormSets, usage: dynamoNormUsage };

/** POST /v1/proposals/{id}/norm-check: what the norm check would say now; reserves nothing. */
export const { handler, lambdaHandler } = apiHandler(PreviewNormCheck, async (ctx, { params }) =>
  json(200, await previewNormCheck(ports, ctx.actor, ctx.tx, params.id)),
);
