import type { ScopedActor } from "../../shared/access/policy.ts";
import { parseValue } from "../../shared/http/validate.ts";
import type { ValidationError } from "../../shared/kernel/errors.ts";
import { dynamoNormSets } from "../../shared/norms/adapters/dynamo-norm-ports.ts";
import { normSetsFor } from "../../shared/norms/use-cases/norms.ts";
import type { Proposal } from "../../shared/proposals/domain/proposal.ts";
import { CreateProposalInput, UpdateProposalInput } from "../../shared/proposals/schemas.ts";
import { ct } from "../../shared/web/commune-text.ts";
import { type FieldErrors, fieldErrors, formToBody } from "../../shared/web/forms.ts";
import type { PageCtx, PageResult } from "../../shared/web/handler.ts";
import { esc } from "../../shared/web/html.ts";
import { t } from "../../shared/web/i18n.ts";
import {
  type FormValues,
  isNumericField,
  MAX_ROWS,
  normItemOptions,
  proposalForm,
  rowsOf,
  shownFields,
  valuesOf,
} from "../../shared/web/proposal-form.ts";
import { csrfToken, type WebSession } from "../../shared/web/session.ts";

export const NEW_ACTION = "/app/proposals";
export const proposalPath = (id: string) => `/app/proposals/${encodeURIComponent(id)}`;
export const keepKey = (p?: Pick<Proposal, "id">) => (p ? `edit-${p.id}` : "new");

/** What the reader typed: every field but the CSRF token, the version and the operation. */
export function typedValues(form: Record<string, string>): FormValues {
  return Object.fromEntries(Object.entries(form).filter(([k]) => !k.startsWith("_") && k !== "op"));
}

/** The typed values as the API's body, checked by the API's own schema (new or edit). */
export function parseDraft(values: FormValues, communeId: string) {
  const body = formToBody(values, isNumericField);
  return parseValue({ ...body, communeId }, CreateProposalInput, "form");
}
export function parseEdit(values: FormValues) {
  const { version: _v, ...fields } = parseValue(
    formToBody(values, isNumericField),
    UpdateProposalInput,
    "form",
  );
  return fields;
}

/** A refused form's errors, by field, in the reader's language. */
export function errorsOf(ctx: PageCtx, err: ValidationError, values: FormValues): FieldErrors {
  return fieldErrors(ctx.lang, err.errors, shownFields(rowsOf(values)));
}

interface FormPage {
  /** The proposal being edited; absent for a new one. */
  proposal?: Proposal;
  values?: FormValues;
  errors?: FieldErrors;
  rows?: number;
  notice?: string;
  status?: number;
}

/** The new-proposal or edit page: the form with the norm items of every activity. */
export async function renderFormPage(
  ctx: PageCtx,
  s: WebSession,
  o: FormPage = {},
): Promise<PageResult> {
  const lang = ctx.lang;
  const p = o.proposal;
  const action = p ? proposalPath(p.id) : NEW_ACTION;
  const values = o.values ?? (p ? valuesOf(p) : { phase: "2021-2025" });
  const sets = await normSetsFor({ normSets: dynamoNormSets }, s.actor as ScopedActor).catch(
    () => [],
  );
  const title = p ? `${ct(lang, "editProposal")} ${p.reference}` : ct(lang, "newProposal");
  const form = proposalForm({
    lang,
    action,
    csrf: csrfToken(s, action),
    keep: keepKey(p),
    values,
    errors: o.errors ?? {},
    rows: Math.min(MAX_ROWS, o.rows ?? rowsOf(values)),
    itemOptions: normItemOptions(lang, sets),
    ...(p ? { version: p.version, hasPersonal: p.personal !== undefined } : {}),
    ...(o.notice ? { notice: o.notice } : {}),
  });
  const back = p
    ? `<p><a href="${esc(proposalPath(p.id))}">${esc(p.reference)}</a></p>`
    : `<p><a href="/app/proposals">${esc(ct(lang, "back"))}</a></p>`;
  const reviewer =
    p?.status === "RETURNED" && (p.lastDecision?.comment ?? p.statusReason)
      ? `<div class="notice error"><p><strong>${esc(ct(lang, "reviewerComment"))}:</strong> ${esc(p.lastDecision?.comment ?? p.statusReason)}</p></div>`
      : "";
  return ctx.page(o.status ?? 200, title, `<h1>${esc(title)}</h1>${reviewer}${form}${back}`);
}

/** The message of a form whose CSRF token did not match (an old page, another session). */
export const csrfNotice = (ctx: PageCtx) => t(ctx.lang, "csrf");
