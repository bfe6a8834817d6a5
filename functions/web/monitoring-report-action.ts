import { DomainError, ValidationError } from "../../shared/kernel/errors.ts";
import { reportPorts } from "../../shared/monitoring/adapters/dynamo-ports.ts";
import { WebPeriodicReportAction } from "../../shared/monitoring/routes.ts";
import {
  decideReport,
  reopenPeriodicReport,
  saveReport,
  submitPeriodicReport,
} from "../../shared/monitoring/use-cases/reports.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { t } from "../../shared/web/i18n.ts";
import { csrfValid, formOf } from "../../shared/web/session.ts";
import { renderReportPage } from "./monitoring-report.ts";

/** The form's entered values: `entered.<code>` fields holding whole numbers (empty: not entered). */
function enteredOf(form: Record<string, string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(form)) {
    if (!k.startsWith("entered.") || v.trim() === "") continue;
    const n = Number(v.trim());
    if (!Number.isInteger(n) || n < 0 || n > 10_000_000)
      throw new ValidationError(`${k.slice(8)}: a whole number from 0`, [
        { field: k, message: "a whole number" },
      ]);
    out[k.slice(8)] = n;
  }
  return out;
}

const text = (v: string | undefined) => (v?.trim() ? v.trim().slice(0, 8000) : undefined);

/**
 * POST /app/monitoring/reports/{unitId}/{period}: save, submit (saves what was typed first),
 * approve, return, reopen; each with the session's CSRF token and the version read. Success
 * redirects back (303); a refusal renders the page with the reason.
 */
export const { handler, lambdaHandler } = pageHandler(WebPeriodicReportAction, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const unitId = ctx.path("unitId");
  const period = ctx.path("period");
  const action = `/app/monitoring/reports/${encodeURIComponent(unitId)}/${encodeURIComponent(period)}`;
  const form = formOf(ctx.event);
  if (!csrfValid(s, action, form._csrf))
    return renderReportPage(ctx, s, unitId, period, 403, {
      text: t(ctx.lang, "csrf"),
      kind: "error",
    });
  const tx = ctx.tx(s, "web");
  const version = form.version && /^\d+$/.test(form.version) ? Number(form.version) : undefined;
  const ifMatch = version === 0 ? undefined : version;
  try {
    switch (form.op) {
      case "save":
      case "submit": {
        const saved = await saveReport(
          reportPorts,
          s.actor,
          tx,
          unitId,
          period,
          {
            entered: enteredOf(form),
            narrative: {
              ...(text(form.results) ? { results: text(form.results) } : {}),
              ...(text(form.difficulties) ? { difficulties: text(form.difficulties) } : {}),
              ...(text(form.recommendations)
                ? { recommendations: text(form.recommendations) }
                : {}),
            },
          },
          ifMatch,
        );
        if (form.op === "submit")
          await submitPeriodicReport(
            reportPorts,
            s.actor,
            { ...tx },
            unitId,
            period,
            saved.version,
          );
        break;
      }
      case "approve":
      case "return":
        await decideReport(
          reportPorts,
          s.actor,
          tx,
          unitId,
          period,
          { decision: form.op, ...(text(form.comment) ? { comment: text(form.comment) } : {}) },
          ifMatch,
        );
        break;
      case "reopen":
        await reopenPeriodicReport(
          reportPorts,
          s.actor,
          tx,
          unitId,
          period,
          form.reason ?? "",
          ifMatch,
        );
        break;
      default:
        throw new ValidationError("unknown operation", [
          { field: "op", message: "save, submit, approve, return or reopen" },
        ]);
    }
    return ctx.redirect(`${action}?done=1`);
  } catch (err) {
    if (err instanceof DomainError && err.status < 500 && err.status !== 404)
      return renderReportPage(ctx, s, unitId, period, err.status, {
        text: err.message,
        kind: "error",
      });
    throw err;
  }
});
