import { apiHandler, json } from "../../shared/http/handler.ts";
import {
  dynamoNormSetDrafts,
  dynamoNormSets,
} from "../../shared/norms/adapters/dynamo-norm-ports.ts";
import { DraftNormSet } from "../../shared/norms/routes.ts";
import { draftNormSet } from "../../shared/norms/use-cases/publish-norm-set.ts";

const ports = { normSets: dynamoNormSets, drafts: dynamoNormSetDrafts };

/** POST /v1/norm-sets/drafts: an admin drafts a norm set version; a second admin approves it. */
export const { handler, lambdaHandler } = apiHandler(DraftNormSet, async (ctx, { body }) => {
  const d = await draftNormSet(ports, ctx.actor, ctx.tx, body);
  return json(201, d, { location: `/v1/norm-sets/drafts/${d.draftId}` });
});
