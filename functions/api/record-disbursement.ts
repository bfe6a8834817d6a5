import { recordDisbursement } from "../../shared/funding/use-cases/funding.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { parseJson } from "../../shared/http/validate.ts";
import { DisbursementInput } from "../../shared/proposals/schemas.ts";
import { proposalView } from "../../shared/proposals/views.ts";

/** POST /v1/proposals/{id}/disbursements: finance records a payment; never above the approved amount. */
export const { handler, lambdaHandler } = apiHandler(
  async (ctx) => {
    const pay = parseJson(ctx.event.body, DisbursementInput, ctx.event.isBase64Encoded);
    const p = await recordDisbursement(ctx.actor, ctx.tx, ctx.path("id"), pay);
    return json(201, proposalView(p));
  },
  { idempotent: true },
);
