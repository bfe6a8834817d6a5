import { apiHandler, json } from "../../shared/http/handler.ts";
import {
  dynamoNormSetDrafts,
  dynamoNormSets,
} from "../../shared/norms/adapters/dynamo-norm-ports.ts";
import { ApproveNormSetDraft } from "../../shared/norms/routes.ts";
import { approveNormSetDraft } from "../../shared/norms/use-cases/publish-norm-set.ts";

const ports = { normSets: dynamoNormSets, drafts: dynamoNormSetDrafts };

/** POST /v1/norm-sets/drafts/{draftId}/approve: the second admin publishes the drafted version. */
export const { handler, lambdaHandler } = apiHandler(
  ApproveNormSetDraft,
  async (ctx, { params, body }) => {
    const set = await approveNormSetDraft(ports, ctx.actor, ctx.tx, params.draftId, body);
    return json(201, set, { location: `/v1/norm-sets/${set.id}` });
  },
);
