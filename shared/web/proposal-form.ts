/**
 * The commune's proposal form (new and edit). Field names are the paths of the API's body
 * (`beneficiaryId`, `items.0.supportAmount`), so the schema's field errors land on the field
 * that caused them (shared/web/forms.ts), in Vietnamese. Works without JavaScript: "add an
 * item" is a submit button that re-renders the form with one more row and saves nothing.
 */
import { formatMoney } from "../kernel/display.ts";
import { ACTIVITIES, type Activity } from "../kernel/types.ts";
import { ACTIVITY_NAMES } from "../kernel/vocabulary.ts";
import type { NormSet } from "../norms/domain/types.ts";
import type { Proposal } from "../proposals/domain/proposal.ts";
import { ct } from "./commune-text.ts";
import {
  csrfField,
  draftNotices,
  errorSummary,
  type FieldErrors,
  inputField,
  type SelectOption,
  selectField,
  textareaField,
} from "./forms.ts";
import { esc } from "./html.ts";
import type { Lang } from "./i18n.ts";

/** The flat form values: field name → text as typed. */
export type FormValues = Record<string, string>;

const ITEM_FIELDS = ["code", "description", "supportAmount", "totalCost", "months"] as const;
const PERSONAL_FIELDS = ["fullName", "phone", "address", "story"] as const;
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

/** The norm items a commune may claim, grouped by activity, newest version of each code. */
export function normItemOptions(lang: Lang, sets: readonly NormSet[]): SelectOption[] {
  const byCode = new Map<string, SelectOption & { version: number }>();
  for (const set of sets) {
    for (const item of set.items) {
      if (!item.activity) continue;
      const seen = byCode.get(item.code);
      if (seen && seen.version >= set.version) continue;
      byCode.set(item.code, {
        value: item.code,
        label: `${item.name[lang]} (${ct(lang, "perUnit")} ${formatMoney(lang, item.cap)}/${item.unit[lang]})`,
        group: `${lang === "vi" ? "Hoạt động" : "Activity"} ${item.activity.slice(1)}`,
        version: set.version,
      });
    }
  }
  return [...byCode.values()]
    .sort((a, b) => (a.group ?? "").localeCompare(b.group ?? "") || a.value.localeCompare(b.value))
    .map(({ value, label, group }) => ({ value, label, ...(group ? { group } : {}) }));
}

export interface ProposalFormOptions {
  lang: Lang;
  action: string;
  csrf: string;
  /** The localStorage key of the draft kept on the device ("new", "edit-<id>"). */
  keep: string;
  values: FormValues;
  errors: FieldErrors;
  rows: number;
  itemOptions: readonly SelectOption[];
  /** The version the edit form was read at (absent for a new proposal). */
  version?: number;
  /** A notice above the form (e.g. the proposal changed elsewhere). */
  notice?: string;
  /** The proposal holds sealed personal data (the form never shows it). */
  hasPersonal?: boolean;
}

const activityLabel = (lang: Lang, a: Activity) =>
  `${lang === "vi" ? "Hoạt động" : "Activity"} ${a.slice(1)}: ${ACTIVITY_NAMES[a][lang]}`;

/** Labels of the fields for the error summary at the top of the form. */
function labels(lang: Lang): Record<string, string> {
  return {
    activity: ct(lang, "activity"),
    phase: ct(lang, "phase"),
    title: ct(lang, "title"),
    summary: ct(lang, "summary"),
    beneficiaryId: ct(lang, "beneficiaryId"),
    items: ct(lang, "items"),
    "items.0.code": ct(lang, "itemCode"),
    "items.0.description": ct(lang, "itemDescription"),
    "items.0.supportAmount": ct(lang, "supportAmount"),
    "items.0.totalCost": ct(lang, "totalCost"),
    "items.0.months": ct(lang, "months"),
    personal: ct(lang, "personal"),
  };
}

/** Every field name the form shows (errors on other paths go to the nearest one). */
export function shownFields(rows: number): string[] {
  const f = ["activity", "phase", "title", "summary", "beneficiaryId"];
  for (let n = 0; n < rows; n++) for (const k of ITEM_FIELDS) f.push(`items.${n}.${k}`);
  for (const k of PERSONAL_FIELDS) f.push(`personal.${k}`);
  return f;
}

function itemRow(o: ProposalFormOptions, n: number): string {
  const { lang, values: v, errors } = o;
  const name = (k: string) => `items.${n}.${k}`;
  const code = v[name("code")];
  const options =
    code && !o.itemOptions.some((x) => x.value === code)
      ? [...o.itemOptions, { value: code, label: code }]
      : o.itemOptions;
  return `<fieldset><legend>${esc(ct(lang, "item"))} ${n + 1}</legend>
${selectField({ name: name("code"), label: ct(lang, "itemCode"), value: code, errors, options, empty: ct(lang, "choose") })}
${inputField({ name: name("description"), label: ct(lang, "itemDescription"), value: v[name("description")], errors, maxlength: 500 })}
<div class="row"><div>${inputField({ name: name("supportAmount"), label: ct(lang, "supportAmount"), value: v[name("supportAmount")], errors, inputmode: "numeric", maxlength: 20 })}</div>
<div>${inputField({ name: name("totalCost"), label: ct(lang, "totalCost"), value: v[name("totalCost")], errors, inputmode: "numeric", maxlength: 20 })}</div></div>
${inputField({ name: name("months"), label: ct(lang, "months"), value: v[name("months")], errors, inputmode: "numeric", maxlength: 2 })}
</fieldset>`;
}

/** The form: activity, phase, title, beneficiary, item rows, survivors' data (A3/A4), save. */
export function proposalForm(o: ProposalFormOptions): string {
  const { lang, values: v, errors } = o;
  const activities: SelectOption[] = ACTIVITIES.map((a) => ({
    value: a,
    label: activityLabel(lang, a),
  }));
  const phases: SelectOption[] = [
    { value: "2021-2025", label: "2021-2025" },
    { value: "2026-2035", label: "2026-2035" },
  ];
  const rows = Array.from({ length: o.rows }, (_, n) => itemRow(o, n)).join("\n");
  const personalOpen = PERSONAL_FIELDS.some((k) => errors[`personal.${k}`] !== undefined);
  const personal = PERSONAL_FIELDS.map((k) =>
    k === "story"
      ? textareaField({
          name: `personal.${k}`,
          label: ct(lang, k),
          errors,
          maxlength: 8000,
          private: true,
        })
      : inputField({
          name: `personal.${k}`,
          label: ct(lang, k),
          errors,
          maxlength: k === "address" ? 500 : k === "phone" ? 32 : 200,
          private: true,
          autocomplete: "off",
        }),
  ).join("\n");
  return `${o.notice ? `<p class="notice error" role="alert">${esc(o.notice)}</p>` : ""}${errorSummary(lang, errors, labels(lang))}${draftNotices(lang)}
<form method="post" action="${esc(o.action)}" data-keep="${esc(o.keep)}" novalidate>
${csrfField(o.csrf)}${o.version !== undefined ? `<input type="hidden" name="_version" value="${o.version}">` : ""}<button type="submit" name="op" value="save" tabindex="-1" aria-hidden="true" style="position:absolute;left:-999px">${esc(ct(lang, "save"))}</button>
${selectField({ name: "activity", label: ct(lang, "activity"), value: v.activity, errors, options: activities, empty: ct(lang, "choose"), required: true })}
${selectField({ name: "phase", label: ct(lang, "phase"), value: v.phase ?? "2021-2025", errors, options: phases, hint: ct(lang, "phaseHint") })}
${inputField({ name: "title", label: ct(lang, "title"), value: v.title, errors, required: true, maxlength: 200 })}
${textareaField({ name: "summary", label: ct(lang, "summary"), value: v.summary, errors, maxlength: 4000 })}
<fieldset><legend>${esc(ct(lang, "beneficiary"))}</legend>
${inputField({ name: "beneficiaryId", label: ct(lang, "beneficiaryId"), value: v.beneficiaryId, errors, required: true, maxlength: 64, hint: ct(lang, "beneficiaryIdHint"), autocomplete: "off" })}
<p class="hint"><a href="/app/registry">${esc(ct(lang, "beneficiaryRegistry"))}</a></p>
</fieldset>
<h2>${esc(ct(lang, "items"))}</h2><p class="hint">${esc(ct(lang, "amountHint"))}</p>
${rows}
<p><button type="submit" name="op" value="addItem" class="secondary" formnovalidate>${esc(ct(lang, "addItem"))}</button></p>
<details${personalOpen ? " open" : ""}><summary>${esc(ct(lang, "personal"))}</summary><p class="hint">${esc(ct(lang, "personalHint"))}${o.hasPersonal ? " ✓" : ""}</p>
${personal}</details>
<div class="actions"><button type="submit" name="op" value="save">${esc(ct(lang, "save"))}</button></div>
</form>`;
}
