import { DomainError, ValidationError } from "../../shared/kernel/errors.ts";
import {
  dynamoNormSetDrafts,
  dynamoNormSets,
} from "../../shared/norms/adapters/dynamo-norm-ports.ts";
import { WebNormSetAction } from "../../shared/norms/routes.ts";
import {
  approveNormSetDraft,
  draftNormSet,
} from "../../shared/norms/use-cases/publish-norm-set.ts";
import { formSessionInvalid } from "../../shared/web/forms.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { csrfValid, formOf } from "../../shared/web/session.ts";
import { NORM_SETS_PATH, renderNormSetsPage } from "./norm-sets-page.ts";

const ports = { normSets: dynamoNormSets, drafts: dynamoNormSetDrafts };

/** POST /app/norm-sets: draft a set (JSON) or approve someone else's draft; CSRF-bound. */
export const { handler, lambdaHandler } = pageHandler(WebNormSetAction, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const form = formOf(ctx.event);
  if (!csrfValid(s, NORM_SETS_PATH, form._csrf))
    return renderNormSetsPage(ctx, s, 403, {
      text: formSessionInvalid(ctx.lang),
      kind: "error",
    });
  const tx = ctx.tx(s, "web");
  try {
    if (form.op === "draft") {
      let body: unknown;
      try {
        body = JSON.parse(form.set ?? "");
      } catch {
        throw new ValidationError("the norm set is not valid JSON", [
          { field: "set", message: "JSON" },
        ]);
      }
      await draftNormSet(ports, s.actor, tx, body);
    } else if (form.op === "approve") {
      const draftId = form.draftId ?? "";
      if (!/^[A-Za-z0-9._~-]{1,64}$/.test(draftId))
        throw new ValidationError("draftId is not a draft id", [
          { field: "draftId", message: "an id" },
        ]);
      await approveNormSetDraft(ports, s.actor, tx, draftId, {
        confirmLegalCitations: form.confirm === "1",
      });
    } else throw new ValidationError("unknown form", [{ field: "op", message: "draft | approve" }]);
    return ctx.redirect(`${NORM_SETS_PATH}?done=1`);
  } catch (err) {
    if (err instanceof DomainError && err.status < 500 && err.status !== 404)
      return renderNormSetsPage(ctx, s, err.status, { text: err.message, kind: "error" });
    throw err;
  }
});
