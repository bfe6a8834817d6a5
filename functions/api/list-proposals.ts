import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { ListProposals } from "../../shared/proposals/routes.ts";
import { listProposals } from "../../shared/proposals/use-cases/list-proposals.ts";

/** GET /v1/proposals: the proposals in the caller's scope, newest first, cursor-paginated. */
export const { handler, lambdaHandler } = apiHandler(ListProposals, async (ctx, { query }) =>
  json(
    200,
    await listProposals(
      { proposals: dynamoProposalStore, directory: dynamoDirectory },
      ctx.actor,
      query,
    ),
  ),
);
