import { apiHandler, json } from "../../shared/http/handler.ts";
import { parseValue } from "../../shared/http/validate.ts";
import { ListQuery } from "../../shared/proposals/schemas.ts";
import { listProposals } from "../../shared/proposals/use-cases/list-proposals.ts";

/** GET /v1/proposals: the proposals in the caller's scope, newest first, cursor-paginated. */
export const { handler, lambdaHandler } = apiHandler(async (ctx) => {
  const q = parseValue(ctx.event.queryStringParameters ?? {}, ListQuery, "query");
  return json(200, await listProposals(ctx.actor, q));
});
