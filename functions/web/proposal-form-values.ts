/**
 * A posted proposal form read into the API's body, checked by the API's own schemas: the
 * parsing half of the proposal form, without its renderer (functions/web/proposal-form-page.ts).
 */
import { parseValue } from "../../shared/http/validate.ts";
import { CreateProposalInput, UpdateProposalInput } from "../../shared/proposals/schemas.ts";
import { formToBody } from "../../shared/web/form-body.ts";
import { type FormValues, isNumericField } from "../../shared/web/proposal-form-fields.ts";

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
