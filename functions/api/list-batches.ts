import { dynamoBatchStore } from "../../shared/batches/adapters/dynamo-batch-store.ts";
import { ListBatches } from "../../shared/batches/routes.ts";
import { listBatches } from "../../shared/batches/use-cases/read-batch.ts";
import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";

const ports = { batches: dynamoBatchStore, directory: dynamoDirectory };

/** GET /v1/batches: a commune's batches, newest first (the records; GET one for its members). */
export const { handler, lambdaHandler } = apiHandler(ListBatches, async (ctx, { query }) => {
  const page = await listBatches(ports, ctx.actor, query);
  return json(200, {
    batches: page.batches.map(({ members, ...b }) => ({ ...b, memberCount: members.length })),
    ...(page.cursor ? { cursor: page.cursor } : {}),
  });
});
