import { authorize } from "../../shared/access/policy.ts";
import { dynamoAuditLog } from "../../shared/audit/adapters/dynamo-audit-log.ts";
import { DomainError, ValidationError } from "../../shared/kernel/errors.ts";
import { dynamoReviewSettings } from "../../shared/review/adapters/dynamo-review-settings.ts";
import { TIMETABLE_FIELDS } from "../../shared/review/domain/settings.ts";
import { WebReviewSettingsAction } from "../../shared/review/routes.ts";
import { ReviewSettingsInput } from "../../shared/review/schemas.ts";
import { updateReviewSettings } from "../../shared/review/use-cases/review-settings.ts";
import { checkForm } from "../../shared/web/form-errors.ts";
import { fieldErrors, formSessionInvalid, parseAmount } from "../../shared/web/forms.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { csrfValid } from "../../shared/web/session.ts";
import { renderSettingsPage, SETTINGS_PATH } from "./review-settings-page.ts";

const ports = { settings: dynamoReviewSettings, audit: dynamoAuditLog };
const SHOWN = [...TIMETABLE_FIELDS];

/** POST /app/settings/review (admin): the timetable, checked by the API's schema; CSRF-bound. */
export const { handler, lambdaHandler } = pageHandler(WebReviewSettingsAction, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  authorize(s.actor, "settings.manage");
  const form = ctx.form();
  const lang = ctx.lang;
  const values = Object.fromEntries(SHOWN.map((k) => [k, form[k] ?? ""]));
  if (!csrfValid(s, SETTINGS_PATH, form._csrf))
    return renderSettingsPage(ctx, s, {
      status: 403,
      errors: {
        "": formSessionInvalid(lang),
      },
      values,
    });
  const body = Object.fromEntries(SHOWN.map((k) => [k, parseAmount(values[k]) ?? ""]));
  const checked = checkForm(ReviewSettingsInput, body);
  if (!checked.ok)
    return renderSettingsPage(ctx, s, {
      status: 400,
      errors: fieldErrors(lang, checked.errors, SHOWN),
      values,
    });
  try {
    await updateReviewSettings(ports, s.actor, ctx.tx(s, "web"), checked.value);
    return ctx.redirect(`${SETTINGS_PATH}?done=1`);
  } catch (err) {
    if (err instanceof ValidationError)
      return renderSettingsPage(ctx, s, {
        status: 400,
        errors: fieldErrors(lang, err.errors ?? [], SHOWN),
        values,
      });
    if (err instanceof DomainError && err.status < 500 && err.status !== 403)
      return renderSettingsPage(ctx, s, {
        status: err.status,
        errors: { "": err.message },
        values,
      });
    throw err;
  }
});
