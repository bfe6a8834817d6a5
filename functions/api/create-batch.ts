import { batchDraftingPorts } from "../../shared/batches/adapters/ports.ts";
import { CreateBatch } from "../../shared/batches/routes.ts";
import { createBatch } from "../../shared/batches/use-cases/create-batch.ts";
import { readBatch } from "../../shared/batches/use-cases/read-batch.ts";
import { batchView } from "../../shared/batches/views.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";

const ports = batchDraftingPorts();

/** POST /v1/batches: a commune officer creates a batch and one draft per member. */
export const { handler, lambdaHandler } = apiHandler(CreateBatch, async (ctx, { body }) => {
  const b = await createBatch(ports, ctx.actor, ctx.tx, body);
  const view = batchView(await readBatch(ports, ctx.actor, ctx.tx, b.id));
  return json(201, view, { location: `/v1/batches/${b.id}`, etag: `"${b.version}"` });
});
