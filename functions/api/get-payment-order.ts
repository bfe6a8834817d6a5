import { pdfResult } from "../../shared/documents/adapters/pdf-response.ts";
import { GetPaymentOrder } from "../../shared/documents/routes.ts";
import { paymentOrderFor } from "../../shared/documents/use-cases/documents.ts";
import { dynamoFundingReader } from "../../shared/funding/adapters/dynamo-funding-reader.ts";
import { apiHandler } from "../../shared/http/handler.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";

const ports = { proposals: dynamoProposalStore, funding: dynamoFundingReader };

/** GET /v1/proposals/{id}/disbursements/{entry}/order.pdf: the payment order with its VietQR code. */
export const { handler, lambdaHandler } = apiHandler(GetPaymentOrder, async (ctx, { params }) => {
  const { document } = await paymentOrderFor(ports, ctx.actor, params.id, Number(params.entry));
  return pdfResult(document);
});
