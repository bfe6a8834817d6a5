import { apiHandler, json } from "../../shared/http/handler.ts";
import { ListProposals } from "../../shared/proposals/routes.ts";
import { listProposals } from "../../shared/proposals/use-cases/list-proposals.ts";

/** GET /v1/proposals: the proposals in the caller's scope, newest first, cursor-paginated. */
export const { handler, lambdaHandler } = apiHandler(ListProposals, async (ctx, { query }) =>
  json(200, await listProposals(ctx.actor, query)),
);
