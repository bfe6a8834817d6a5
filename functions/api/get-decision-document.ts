import { pdfResult } from "../../shared/documents/adapters/pdf-response.ts";
import { GetDecisionDocument } from "../../shared/documents/routes.ts";
import { decisionFor } from "../../shared/documents/use-cases/documents.ts";
import { dynamoFundingReader } from "../../shared/funding/adapters/dynamo-funding-reader.ts";
import { apiHandler } from "../../shared/http/handler.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";

const ports = { proposals: dynamoProposalStore, funding: dynamoFundingReader };

/** GET /v1/proposals/{id}/decision.pdf: the decision, regenerated and checked against its recorded hash. */
export const { handler, lambdaHandler } = apiHandler(GetDecisionDocument, async (ctx, { params }) =>
  pdfResult(await decisionFor(ports, ctx.actor, params.id)),
);
