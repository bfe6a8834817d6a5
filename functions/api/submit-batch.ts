import { batchSubmissionPorts } from "../../shared/batches/adapters/ports.ts";
import { SubmitBatch } from "../../shared/batches/routes.ts";
import { submitBatch } from "../../shared/batches/use-cases/submit-batch.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";

const ports = batchSubmissionPorts();

/** POST /v1/batches/{id}/submit: every member draft goes to review, each with its workflow. */
export const { handler, lambdaHandler } = apiHandler(
  SubmitBatch,
  async (ctx, { params, ifMatch }) => {
    const { batch, results } = await submitBatch(ports, ctx.actor, ctx.tx, params.id, ifMatch);
    return json(
      202,
      { batchId: batch.id, status: batch.status, version: batch.version, results },
      { etag: `"${batch.version}"` },
    );
  },
);
