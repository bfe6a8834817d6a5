/**
 * The proposal form's field names and values (shared/web/proposal-form.ts renders them): what an
 * action needs to read a posted form without loading the form's renderer.
 */
import type { Proposal } from "../proposals/domain/proposal.ts";

/** The flat form values: field name → text as typed. */
export type FormValues = Record<string, string>;

export const ITEM_FIELDS = ["code", "description", "supportAmount", "totalCost", "months"] as const;
export const PERSONAL_FIELDS = ["fullName", "phone", "address", "story"] as const;
export const MAX_ROWS = 50;

/** Which fields are amounts (parsed from "60.000.000 đ" into integer đồng). */
export const isNumericField = (name: string): boolean =>
  /^items\.\d+\.(supportAmount|totalCost|months)$/.test(name);

/** The values of a stored proposal, as the form shows them (never its personal data). */
export function valuesOf(p: Proposal): FormValues {
  const v: FormValues = {
    activity: p.activity,
    phase: p.phase,
    title: p.title,
    summary: p.summary ?? "",
    beneficiaryId: p.beneficiary.id,
  };
  p.items.forEach((i, n) => {
    v[`items.${n}.code`] = i.code;
    v[`items.${n}.description`] = i.description;
    v[`items.${n}.supportAmount`] = String(i.supportAmount);
    v[`items.${n}.totalCost`] = String(i.totalCost);
    if (i.months !== undefined) v[`items.${n}.months`] = String(i.months);
  });
  return v;
}

/** How many item rows the posted form had (at least one, at most MAX_ROWS). */
export function rowsOf(values: FormValues): number {
  let max = -1;
  for (const k of Object.keys(values)) {
    const m = /^items\.(\d+)\./.exec(k);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return Math.min(MAX_ROWS, Math.max(1, max + 1));
}

/** Every field name the form shows (errors on other paths go to the nearest one). */
export function shownFields(rows: number): string[] {
  const f = ["activity", "phase", "title", "summary", "beneficiaryId"];
  for (let n = 0; n < rows; n++) for (const k of ITEM_FIELDS) f.push(`items.${n}.${k}`);
  for (const k of PERSONAL_FIELDS) f.push(`personal.${k}`);
  return f;
}
