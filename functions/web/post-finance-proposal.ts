import { dynamoSettlementPorts as ports } from "../../shared/funding/adapters/dynamo-funding-ports.ts";
import { WebFinanceAction } from "../../shared/funding/routes.ts";
import {
  recordDisbursement,
  recordRefund,
  reverseDisbursement,
  settleProposal,
} from "../../shared/funding/use-cases/funding.ts";
import { DomainError, ValidationError } from "../../shared/kernel/errors.ts";
import { formSessionInvalid } from "../../shared/web/forms.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { csrfValid, formOf } from "../../shared/web/session.ts";
import { renderFinancePage } from "./finance-proposal.ts";

const whole = (v: string | undefined, field: string) => {
  const n = Number(v);
  if (!v || !Number.isSafeInteger(n) || n < 0)
    throw new ValidationError(`${field} must be a whole number of đồng`, [
      { field, message: "whole đồng" },
    ]);
  return n;
};
const date = (v: string | undefined, field: string) => {
  if (!v || !/^\d{4}-\d{2}-\d{2}$/.test(v))
    throw new ValidationError(`${field} must be a date`, [{ field, message: "YYYY-MM-DD" }]);
  return v;
};
const text = (v: string | undefined, field: string, max: number) => {
  const t = (v ?? "").trim();
  if (!t || t.length > max)
    throw new ValidationError(`${field} is required (at most ${max} characters)`, [
      { field, message: "required" },
    ]);
  return t;
};

/**
 * POST /app/finance/{id}: the finance page's forms (pay, settle, reverse, refund), each with the
 * CSRF token bound to the session; the same use cases as the API. Success: 303 back; a refusal
 * renders the page with the reason (e.g. the remaining amount, the spending-period rule).
 */
export const { handler, lambdaHandler } = pageHandler(WebFinanceAction, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const id = ctx.path("id");
  const action = `/app/finance/${encodeURIComponent(id)}`;
  const form = formOf(ctx.event);
  if (!csrfValid(s, action, form._csrf))
    return renderFinancePage(ctx, s, id, 403, {
      text: formSessionInvalid(ctx.lang),
      kind: "error",
    });
  const tx = ctx.tx(s, "web");
  try {
    switch (form.op) {
      case "pay": {
        const payee =
          form.bankBin && form.accountNumber && form.accountName
            ? {
                bankBin: text(form.bankBin, "bankBin", 6),
                accountNumber: text(form.accountNumber, "accountNumber", 19),
                accountName: text(form.accountName, "accountName", 100),
              }
            : undefined;
        await recordDisbursement(ports, s.actor, tx, id, {
          amount: whole(form.amount, "amount"),
          paidOn: date(form.paidOn, "paidOn"),
          reference: text(form.reference, "reference", 64),
          ...(payee ? { payee } : {}),
        });
        break;
      }
      case "settle":
        await settleProposal(ports, s.actor, tx, id, {
          amount: whole(form.amount, "amount"),
          settledOn: date(form.settledOn, "settledOn"),
          documents: [
            {
              kind: (["invoice", "receipt", "contract", "acceptance"].includes(form.docKind ?? "")
                ? form.docKind
                : "other") as "invoice",
              number: text(form.docNumber, "docNumber", 64),
              issuedOn: date(form.docDate, "docDate"),
            },
          ],
        });
        break;
      case "reverse":
        await reverseDisbursement(ports, s.actor, tx, id, {
          entry: whole(form.entry, "entry"),
          reason: text(form.reason, "reason", 1000),
        });
        break;
      case "refund":
        await recordRefund(ports, s.actor, tx, id, {
          amount: whole(form.amount, "amount"),
          paidOn: date(form.paidOn, "paidOn"),
          reference: text(form.reference, "reference", 64),
        });
        break;
      default:
        throw new ValidationError("unknown form", [
          { field: "op", message: "pay | settle | reverse | refund" },
        ]);
    }
    return ctx.redirect(`${action}?done=1`);
  } catch (err) {
    if (err instanceof DomainError && err.status < 500 && err.status !== 403 && err.status !== 404)
      return renderFinancePage(ctx, s, id, err.status, { text: err.message, kind: "error" });
    throw err;
  }
});
