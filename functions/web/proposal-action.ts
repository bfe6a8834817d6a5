import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { dynamoFundingReader } from "../../shared/funding/adapters/dynamo-funding-reader.ts";
import {
  StaleVersionError,
  StateConflictError,
  ValidationError,
} from "../../shared/kernel/errors.ts";
import { kmsCipher } from "../../shared/privacy/adapters/personal-data-cipher.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { WebProposalAction } from "../../shared/proposals/routes.ts";
import {
  loadAuthorized,
  submitProposal,
  updateProposal,
} from "../../shared/proposals/use-cases/proposals.ts";
import { dynamoRegistryStore } from "../../shared/registry/adapters/dynamo-registry-store.ts";
import { registryForProposals } from "../../shared/registry/use-cases/for-proposals.ts";
import { ct } from "../../shared/web/commune-text.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { t } from "../../shared/web/i18n.ts";
import { rowsOf } from "../../shared/web/proposal-form.ts";
import { csrfValid } from "../../shared/web/session.ts";
import { dynamoOutbox } from "../../shared/workflow/adapters/outbox.ts";
import { sfnWorkflow } from "../../shared/workflow/adapters/sfn-workflow.ts";
import {
  errorsOf,
  keepKey,
  parseEdit,
  proposalPath,
  renderFormPage,
  typedValues,
} from "./proposal-form-page.ts";
import { renderProposalPage } from "./proposal-view.ts";

const ports = {
  registry: registryForProposals(dynamoRegistryStore),
  proposals: dynamoProposalStore,
  cipher: kmsCipher,
  outbox: dynamoOutbox,
  workflow: sfnWorkflow,
  directory: dynamoDirectory,
  funding: dynamoFundingReader,
};

const versionOf = (raw: string | undefined): number | undefined =>
  raw && /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;

/**
 * POST /app/proposals/{id}: the edit form (`op=save`, `op=addItem`) and the proposal page's
 * submit button (`op=submit`), through the API's use cases, at the version the page was read
 * at. A field refused comes back on the form in Vietnamese; a proposal changed meanwhile keeps
 * what was typed and says so; success is a 303 to the proposal page.
 */
export const { handler, lambdaHandler } = pageHandler(WebProposalAction, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const id = ctx.path("id");
  const action = proposalPath(id);
  let form: Record<string, string>;
  try {
    form = ctx.form();
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const p = await loadAuthorized(ports.proposals, s.actor, id, "proposal.edit");
    return renderFormPage(ctx, s, { proposal: p, status: 400, errors: errorsOf(ctx, err, {}) });
  }
  const values = typedValues(form);
  const version = versionOf(form._version);
  const tx = ctx.tx(s, "web");
  if (!csrfValid(s, action, form._csrf)) {
    const notice = { text: t(ctx.lang, "csrf"), kind: "error" as const };
    if (form.op === "submit") return renderProposalPage(ports, ctx, s, id, 403, notice);
    const p = await loadAuthorized(ports.proposals, s.actor, id, "proposal.edit");
    return renderFormPage(ctx, s, { proposal: p, status: 403, values, notice: notice.text });
  }
  if (form.op === "submit") {
    try {
      await submitProposal(ports, s.actor, tx, id, version);
      return ctx.redirect(`${action}?submitted=1`);
    } catch (err) {
      if (err instanceof StaleVersionError)
        return renderProposalPage(ports, ctx, s, id, 409, {
          text: ct(ctx.lang, "stale"),
          kind: "error",
        });
      if (err instanceof StateConflictError)
        return renderProposalPage(ports, ctx, s, id, 409, {
          text: ct(ctx.lang, "wrongState"),
          kind: "error",
        });
      throw err;
    }
  }
  const p = await loadAuthorized(ports.proposals, s.actor, id, "proposal.edit");
  if (form.op === "addItem")
    return renderFormPage(ctx, s, { proposal: p, values, rows: rowsOf(values) + 1 });
  try {
    await updateProposal(ports, s.actor, tx, id, version, parseEdit(values));
    return ctx.redirect(`${action}?saved=${keepKey(p)}`);
  } catch (err) {
    if (err instanceof ValidationError)
      return renderFormPage(ctx, s, {
        proposal: p,
        status: 400,
        values,
        errors: errorsOf(ctx, err, values),
      });
    if (err instanceof StaleVersionError)
      return renderFormPage(ctx, s, {
        proposal: p,
        status: 409,
        values,
        notice: ct(ctx.lang, "stale"),
      });
    if (err instanceof StateConflictError)
      return renderProposalPage(ports, ctx, s, id, 409, {
        text: ct(ctx.lang, "wrongState"),
        kind: "error",
      });
    throw err;
  }
});
