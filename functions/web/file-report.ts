import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { dynamoFundingLedger } from "../../shared/funding/adapters/dynamo-funding-ledger.ts";
import { dynamoFundingReader } from "../../shared/funding/adapters/dynamo-funding-reader.ts";
import { WebFileReport } from "../../shared/funding/routes.ts";
import { fileMonitoringReport } from "../../shared/funding/use-cases/funding.ts";
import {
  type FieldError,
  StateConflictError,
  ValidationError,
} from "../../shared/kernel/errors.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { MonitoringReportInput } from "../../shared/proposals/schemas.ts";
import { ct } from "../../shared/web/commune-text.ts";
import { checkForm } from "../../shared/web/form-errors.ts";
import { fieldErrors, formSessionInvalid, parseAmount } from "../../shared/web/forms.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { csrfValid, formOf } from "../../shared/web/session.ts";
import { proposalPath } from "./proposal-form-page.ts";
import { renderProposalPage, reportsPath } from "./proposal-view.ts";

const ports = {
  proposals: dynamoProposalStore,
  ledger: dynamoFundingLedger,
  directory: dynamoDirectory,
  funding: dynamoFundingReader,
};

/**
 * POST /app/proposals/{id}/reports: the commune's monitoring report from the proposal page,
 * through the API's use case. Success: 303 to the page; a refusal shows the page with the
 * reason in Vietnamese, nothing filed.
 */
export const { handler, lambdaHandler } = pageHandler(WebFileReport, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const id = ctx.path("id");
  const form = formOf(ctx.event);
  const refused = (status: number, text: string) =>
    renderProposalPage(ports, ctx, s, id, status, {
      text: `${ct(ctx.lang, "reportRefused")}${text}`,
      kind: "error",
    });
  if (!csrfValid(s, reportsPath(id), form._csrf)) return refused(403, formSessionInvalid(ctx.lang));
  const checked = checkForm(MonitoringReportInput, {
    period: form.period ?? "",
    usedAmount: parseAmount(form.usedAmount) ?? "",
    progress: form.progress ?? "",
    summary: form.summary ?? "",
  });
  const explain = (errors: FieldError[]) =>
    Object.entries(fieldErrors(ctx.lang, errors))
      .map(([field, message]) => `${field ? `${reportLabel(ctx.lang, field)}: ` : ""}${message}`)
      .join("; ");
  if (!checked.ok) return refused(400, explain(checked.errors));
  try {
    await fileMonitoringReport(ports, s.actor, ctx.tx(s, "web"), id, checked.value);
  } catch (err) {
    if (err instanceof ValidationError)
      return refused(400, err.errors.length > 0 ? explain(err.errors) : err.message);
    if (err instanceof StateConflictError) return refused(409, ct(ctx.lang, "reportWrongState"));
    throw err;
  }
  return ctx.redirect(`${proposalPath(id)}?reported=1`);
});

function reportLabel(lang: Parameters<typeof ct>[0], field: string): string {
  switch (field) {
    case "period":
      return ct(lang, "reportPeriod");
    case "usedAmount":
      return ct(lang, "reportUsed");
    case "progress":
      return ct(lang, "reportProgress");
    case "summary":
      return ct(lang, "reportSummary");
    default:
      return field;
  }
}
