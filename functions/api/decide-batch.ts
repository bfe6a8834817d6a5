import { batchDecisionPorts } from "../../shared/batches/adapters/ports.ts";
import { DecideBatch } from "../../shared/batches/routes.ts";
import { decideBatch } from "../../shared/batches/use-cases/decide-batch.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";

const ports = batchDecisionPorts();

/** POST /v1/batches/{id}/decisions: item by item, or all remaining at once. */
export const { handler, lambdaHandler } = apiHandler(DecideBatch, async (ctx, { params, body }) =>
  json(200, await decideBatch(ports, ctx.actor, ctx.tx, params.id, body)),
);
