import { batchReadPorts } from "../../shared/batches/adapters/ports.ts";
import { GetBatch } from "../../shared/batches/routes.ts";
import { readBatch } from "../../shared/batches/use-cases/read-batch.ts";
import { batchView } from "../../shared/batches/views.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";

const ports = batchReadPorts();

/** GET /v1/batches/{id}: the batch and each member as it is now. */
export const { handler, lambdaHandler } = apiHandler(GetBatch, async (ctx, { params }) => {
  const read = await readBatch(ports, ctx.actor, ctx.tx, params.id);
  return json(200, batchView(read), { etag: `"${read.batch.version}"` });
});
