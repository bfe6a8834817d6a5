import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { checkBodySize, DEFAULT_FORM_LIMIT } from "../../shared/http/edge.ts";
import { parseValue } from "../../shared/http/validate.ts";
import { ValidationError } from "../../shared/kernel/errors.ts";
import { kmsCipher } from "../../shared/privacy/adapters/personal-data-cipher.ts";
import { pseudonymKey } from "../../shared/privacy/adapters/pseudonym-key.ts";
import { dynamoRegistryStore } from "../../shared/registry/adapters/dynamo-registry-store.ts";
import { LikelyDuplicateError } from "../../shared/registry/domain/duplicates.ts";
import { WebRegistryCreate } from "../../shared/registry/routes.ts";
import { CreateBeneficiaryInput } from "../../shared/registry/schemas.ts";
import { registerBeneficiary } from "../../shared/registry/use-cases/register.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { t } from "../../shared/web/i18n.ts";
import { csrfValid } from "../../shared/web/session.ts";
import { renderRegistryList } from "./registry-list.ts";
import { entryInputOf, formParams, isKind } from "./registry-views.ts";

const ports = {
  registry: dynamoRegistryStore,
  directory: dynamoDirectory,
  cipher: kmsCipher,
  pseudonyms: pseudonymKey(),
};

/**
 * POST /app/registry: the registration form. Success: 303 to the new entry's page. A likely
 * duplicate, or a refused field, re-renders the form with the values and the reason.
 */
export const { handler, lambdaHandler } = pageHandler(WebRegistryCreate, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  checkBodySize(ctx.event, DEFAULT_FORM_LIMIT);
  const values = formParams(ctx.event);
  const kind = values.get("kind");
  if (!csrfValid(s, "/app/registry", values.get("_csrf") ?? undefined)) {
    return renderRegistryList(ctx, s, 403, {
      kind: kind ?? "",
      values,
      errors: [{ field: "_csrf", message: t(ctx.lang, "csrf") }],
    });
  }
  if (!isKind(kind))
    throw new ValidationError("unknown kind", [{ field: "kind", message: "unknown" }]);
  const { input, errors } = entryInputOf(values, kind);
  try {
    if (errors.length > 0) throw new ValidationError("invalid counts", errors);
    const body = parseValue(
      { ...input, communeId: values.get("communeId") ?? "" },
      CreateBeneficiaryInput,
      "form",
    );
    const b = await registerBeneficiary(ports, s.actor, ctx.tx(s, "web"), body);
    return ctx.redirect(`/app/registry/${encodeURIComponent(b.id)}?done=registered`);
  } catch (err) {
    if (err instanceof LikelyDuplicateError)
      return renderRegistryList(ctx, s, 409, {
        kind,
        values,
        errors: [],
        duplicates: err.duplicates,
      });
    if (err instanceof ValidationError)
      return renderRegistryList(ctx, s, 400, {
        kind,
        values,
        errors: err.errors.length ? err.errors : [{ field: "", message: err.message }],
      });
    throw err;
  }
});
