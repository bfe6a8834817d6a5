import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { checkBodySize, DEFAULT_FORM_LIMIT } from "../../shared/http/edge.ts";
import { parseValue } from "../../shared/http/validate.ts";
import { DomainError, ValidationError } from "../../shared/kernel/errors.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { dynamoRegistryStore } from "../../shared/registry/adapters/dynamo-registry-store.ts";
import { dynamoUsageLedger } from "../../shared/registry/adapters/dynamo-usage-ledger.ts";
import { WebRegistryDuplicatesAction } from "../../shared/registry/routes.ts";
import { DismissInput, MergeInput } from "../../shared/registry/schemas.ts";
import { dismissDuplicate, mergeBeneficiaries } from "../../shared/registry/use-cases/merge.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { t } from "../../shared/web/i18n.ts";
import { csrfValid } from "../../shared/web/session.ts";
import { renderDuplicates } from "./registry-duplicates.ts";
import { formParams } from "./registry-views.ts";

const ports = {
  registry: dynamoRegistryStore,
  directory: dynamoDirectory,
  proposals: dynamoProposalStore,
  usage: dynamoUsageLedger,
};
const ACTION = "/app/registry/duplicates";

/** POST /app/registry/duplicates: merge two entries, or clear a flag (not a duplicate). */
export const { handler, lambdaHandler } = pageHandler(WebRegistryDuplicatesAction, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  checkBodySize(ctx.event, DEFAULT_FORM_LIMIT);
  const p = formParams(ctx.event);
  if (!csrfValid(s, ACTION, p.get("_csrf") ?? undefined))
    return renderDuplicates(ctx, s, 403, { text: t(ctx.lang, "csrf"), kind: "error" });
  const tx = ctx.tx(s, "web");
  try {
    if (p.get("op") === "merge") {
      const body = parseValue(
        {
          keepId: p.get("keepId") ?? "",
          mergeId: p.get("mergeId") ?? "",
          reason: (p.get("reason") ?? "").trim(),
        },
        MergeInput,
        "form",
      );
      await mergeBeneficiaries(ports, s.actor, tx, body);
      return ctx.redirect(`${ACTION}?done=merged`);
    }
    if (p.get("op") === "dismiss") {
      const body = parseValue({ reason: (p.get("reason") ?? "").trim() }, DismissInput, "form");
      await dismissDuplicate(ports, s.actor, tx, p.get("id") ?? "", body.reason);
      return ctx.redirect(`${ACTION}?done=dismissed`);
    }
    throw new ValidationError("unknown operation", [{ field: "op", message: "unknown" }]);
  } catch (err) {
    if (err instanceof DomainError && err.status < 500 && err.status !== 401)
      return renderDuplicates(ctx, s, err.status, { text: err.message, kind: "error" });
    throw err;
  }
});
