import { roleMay } from "../../shared/access/policy.ts";
import { dynamoBatchStore } from "../../shared/batches/adapters/dynamo-batch-store.ts";
import { WebBatchList } from "../../shared/batches/routes.ts";
import { listBatches } from "../../shared/batches/use-cases/read-batch.ts";
import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { batchListBody, bt } from "./batch-views.ts";

const ports = { batches: dynamoBatchStore, directory: dynamoDirectory };

/** GET /app/batches: a commune's batches (the officer's own; reviewers name the commune). */
export const { handler, lambdaHandler } = pageHandler(WebBatchList, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const q = ctx.query("communeId");
  const page = await listBatches(ports, s.actor, { communeId: q, limit: 50 });
  const communeId = q ?? s.actor.unitId;
  return ctx.page(
    200,
    bt(ctx.lang, "batches"),
    batchListBody(ctx.lang, page.batches, {
      mayCreate: roleMay(s.actor.role, "proposal.create"),
      communeId,
    }),
  );
});
