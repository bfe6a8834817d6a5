import { roleMay } from "../../shared/access/policy.ts";
import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { ForbiddenError, ValidationError } from "../../shared/kernel/errors.ts";
import { kmsCipher } from "../../shared/privacy/adapters/personal-data-cipher.ts";
import { pseudonymKey } from "../../shared/privacy/adapters/pseudonym-key.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { WebCreateProposal } from "../../shared/proposals/routes.ts";
import { createProposal } from "../../shared/proposals/use-cases/proposals.ts";
import { dynamoRegistryStore } from "../../shared/registry/adapters/dynamo-registry-store.ts";
import { registryForProposals } from "../../shared/registry/use-cases/for-proposals.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { rowsOf } from "../../shared/web/proposal-form.ts";
import { csrfValid } from "../../shared/web/session.ts";
import {
  csrfNotice,
  errorsOf,
  NEW_ACTION,
  parseDraft,
  proposalPath,
  renderFormPage,
  typedValues,
} from "./proposal-form-page.ts";

const ports = {
  registry: registryForProposals(dynamoRegistryStore),
  proposals: dynamoProposalStore,
  directory: dynamoDirectory,
  cipher: kmsCipher,
  pseudonyms: pseudonymKey(),
};

/**
 * POST /app/proposals: the new-proposal form. `op=addItem` re-renders it with one more row;
 * otherwise the typed fields are checked by the API's schema and saved by the API's use case
 * in the reader's commune. A refused field comes back on the form, in Vietnamese (400).
 */
export const { handler, lambdaHandler } = pageHandler(WebCreateProposal, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  // The role before the body, as the API's edge does (the use case checks the commune's scope).
  if (!roleMay(s.actor.role, "proposal.create"))
    throw new ForbiddenError(`role ${s.actor.role} may not draft proposals`);
  let form: Record<string, string>;
  try {
    form = ctx.form();
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    return renderFormPage(ctx, s, { status: 400, errors: errorsOf(ctx, err, {}) });
  }
  const values = typedValues(form);
  if (!csrfValid(s, NEW_ACTION, form._csrf))
    return renderFormPage(ctx, s, { status: 403, values, notice: csrfNotice(ctx) });
  if (form.op === "addItem") return renderFormPage(ctx, s, { values, rows: rowsOf(values) + 1 });
  try {
    const input = parseDraft(values, s.actor.unitId);
    const p = await createProposal(ports, s.actor, ctx.tx(s, "web"), input);
    return ctx.redirect(`${proposalPath(p.id)}?saved=new`);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    return renderFormPage(ctx, s, { status: 400, values, errors: errorsOf(ctx, err, values) });
  }
});
