import { authorize } from "../../shared/access/policy.ts";
import { dynamoAuditLog } from "../../shared/audit/adapters/dynamo-audit-log.ts";
import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { dynamoUnitStore } from "../../shared/directory/adapters/dynamo-user-store.ts";
import { WebUnitsAction } from "../../shared/directory/routes.ts";
import { NewUnitInput } from "../../shared/directory/schemas.ts";
import { createUnit } from "../../shared/directory/use-cases/manage-units.ts";
import { setReviewUnit } from "../../shared/directory/use-cases/routing.ts";
import { L } from "../../shared/funding/web/finance-views.ts";
import { DomainError, ValidationError } from "../../shared/kernel/errors.ts";
import { checkForm } from "../../shared/web/form-errors.ts";
import { fieldErrors, formSessionInvalid } from "../../shared/web/forms.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { csrfValid } from "../../shared/web/session.ts";
import { renderUnitsPage, UNITS_PATH } from "./units-page.ts";

const SHOWN = ["id", "kind", "nameVi", "nameEn", "reviewUnitId"];
const ports = { units: dynamoUnitStore, directory: dynamoDirectory, audit: dynamoAuditLog };
const UNIT_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** POST /app/units (admin): create a unit, or move a commune to another reviewing unit. */
export const { handler, lambdaHandler } = pageHandler(WebUnitsAction, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  authorize(s.actor, "units.manage");
  const form = ctx.form();
  const lang = ctx.lang;
  if (!csrfValid(s, UNITS_PATH, form._csrf))
    return renderUnitsPage(ctx, s, {
      status: 403,
      message: {
        text: formSessionInvalid(lang),
        kind: "error",
      },
    });
  const tx = ctx.tx(s, "web");
  const values = Object.fromEntries(SHOWN.map((k) => [k, form[k] ?? ""]));
  try {
    if (form.op === "create") {
      const body = Object.fromEntries(Object.entries(values).filter(([, x]) => x !== ""));
      const checked = checkForm(NewUnitInput, body);
      if (!checked.ok)
        return renderUnitsPage(ctx, s, {
          status: 400,
          errors: fieldErrors(lang, checked.errors, SHOWN),
          values,
        });
      const b = checked.value;
      await createUnit(ports, s.actor, tx, {
        id: b.id,
        kind: b.kind,
        nameVi: b.nameVi,
        nameEn: b.nameEn ?? "",
        ...(b.reviewUnitId ? { reviewUnitId: b.reviewUnitId } : {}),
      });
    } else if (form.op === "route") {
      const communeId = form.communeId ?? "";
      const reviewUnitId = form.reviewUnitId ?? "";
      if (!UNIT_ID.test(communeId) || !UNIT_ID.test(reviewUnitId))
        throw new ValidationError("unknown unit", [
          { field: "reviewUnitId", message: "unknown unit" },
        ]);
      await setReviewUnit(
        { directory: dynamoDirectory, audit: dynamoAuditLog },
        s.actor,
        tx,
        communeId,
        reviewUnitId,
      );
    } else throw new ValidationError("unknown form", [{ field: "op", message: "Invalid option" }]);
    return ctx.redirect(`${UNITS_PATH}?done=1`);
  } catch (err) {
    if (err instanceof ValidationError && form.op === "create")
      return renderUnitsPage(ctx, s, {
        status: 400,
        errors: fieldErrors(lang, err.errors ?? [], SHOWN),
        values,
      });
    if (err instanceof DomainError && err.status < 500)
      return renderUnitsPage(ctx, s, {
        status: err.status,
        message: {
          text:
            err.status === 400
              ? L(lang, "Không có đơn vị này hoặc đơn vị không phù hợp.", err.message)
              : err.message,
          kind: "error",
        },
      });
    throw err;
  }
});
