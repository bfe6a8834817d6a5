/**
 * Forms of the pages. A form's field names are the paths of the API's JSON body
 * (`beneficiary.kind`, `items.0.supportAmount`), so that a problem's field errors (the same
 * `errors: [{field, message}]` the API answers with) land on the field that caused them, with
 * the message in the reader's language.
 */
import { formatMoney } from "../kernel/display.ts";
import type { FieldError } from "../kernel/errors.ts";
import type { BeneficiaryKind } from "../kernel/types.ts";
import { BENEFICIARY_KIND_NAMES } from "../kernel/vocabulary.ts";
import { esc } from "./html.ts";
import { type Lang, t } from "./i18n.ts";

/** Form field name → message, in the reader's language. "" holds errors of the whole form. */
export type FieldErrors = Record<string, string>;

/** What a form posted with a missing or forged CSRF token is told (nothing was changed). */
export const formSessionInvalid = (lang: Lang): string =>
  lang === "vi"
    ? "Phiên làm việc không hợp lệ; tải lại trang."
    : "Invalid form session; reload the page.";

type Rule = [RegExp, (m: RegExpExecArray, lang: Lang) => string];

const n = (s: string | undefined) => Number(s ?? "0");
const kindsVi = (codes: string, lang: Lang) =>
  codes
    .split(/,\s*/)
    .map((c) => BENEFICIARY_KIND_NAMES[c as BeneficiaryKind]?.[lang] ?? c)
    .join(lang === "vi" ? "; " : ", ");

/**
 * The API's messages (zod's English locale and the schemas' own texts) in Vietnamese. English
 * readers get the message as the API wrote it, with codes turned into names.
 */
const RULES: Rule[] = [
  [/expected \w+, received undefined/, () => "Bắt buộc nhập"],
  [/^required/, () => "Bắt buộc nhập"],
  [/expected string to have >=1 characters/, () => "Bắt buộc nhập"],
  [/expected string to have >=(\d+) characters/, (m) => `Cần ít nhất ${m[1]} ký tự`],
  [/expected string to have <=(\d+) characters/, (m) => `Tối đa ${m[1]} ký tự`],
  [/expected array to have >=1 items|^at least one item/, () => "Cần ít nhất một hạng mục"],
  [/expected array to have <=(\d+) items/, (m) => `Tối đa ${m[1]} hạng mục`],
  [/expected number to be >=(\d+)/, (m) => `Phải từ ${m[1]} trở lên`],
  [/expected number to be <=(\d+)/, (m) => `Tối đa ${m[1]}`],
  [/^Invalid option/, () => "Vui lòng chọn một mục trong danh sách"],
  [/^must be a number of đồng/, () => "Phải là số tiền bằng đồng, chỉ gồm chữ số"],
  [/^must be a whole number of đồng/, () => "Phải là số đồng nguyên, không có phần lẻ"],
  [/^must not be negative/, () => "Không được là số âm"],
  [/^must be at least (\d+) đồng/, (m) => `Tối thiểu ${formatMoney("vi", n(m[1]))}`],
  [/^must be at most (\d+) đồng/, (m) => `Tối đa ${formatMoney("vi", n(m[1]))}`],
  [/^at most (\d+)$/, (m) => `Tối đa ${formatMoney("vi", n(m[1]))}`],
  [
    /^letters, digits/,
    () =>
      "Chỉ gồm chữ cái không dấu, chữ số, dấu chấm, gạch dưới hoặc gạch ngang (1-64 ký tự), ví dụ HTX-CHE-YTY",
  ],
  [
    /^totalCost must be at least supportAmount/,
    () =>
      "Tổng chi phí phải lớn hơn hoặc bằng số tiền đề nghị hỗ trợ (phần chênh lệch do đối tượng thụ hưởng đối ứng)",
  ],
  [
    /^activity (A\d) supports (.+)$/,
    (m, lang) => `Hoạt động này chỉ hỗ trợ: ${kindsVi(m[2] ?? "", lang)}`,
  ],
  [
    /^not a registered beneficiary/,
    () => "Chưa có trong sổ đăng ký: đăng ký đối tượng trước rồi dùng mã được cấp",
  ],
  [/^registered in another commune/, () => "Đối tượng này đăng ký ở xã khác"],
  [/^dissolved$/, () => "Đối tượng này đã giải thể"],
  [
    /^personal data is only kept for A3 and A4/,
    () => "Chỉ lưu thông tin cá nhân cho Hoạt động 3 và 4",
  ],
  [/^must be a date/, () => "Phải là một ngày (ngày/tháng/năm)"],
  [/^must be a month/, () => "Phải là một tháng (tháng/năm)"],
  [/control character/, () => "Có ký tự điều khiển không được phép"],
  [/unpaired surrogate/, () => "Có ký tự không hợp lệ"],
  [/^required when returning or rejecting/, () => "Bắt buộc khi trả lại hoặc từ chối"],
  [/must be less than reviewSlaHours/, () => "Phải nhỏ hơn thời hạn thẩm định"],
  [/^not a reviewing unit/, () => "Không phải đơn vị thẩm định"],
  [/^other province/, () => "Thuộc tỉnh khác"],
  [/^unknown commune|is not a commune|^unknown unit/, () => "Không có đơn vị này"],
  [/already exists|is taken/, () => "Đã có tài khoản với tên này"],
  [/^invalid email|expected email|Invalid email/i, () => "Địa chỉ email không hợp lệ"],
  [/^must be a role of/, () => "Vai trò không phù hợp với loại đơn vị"],
  [
    /^lowercase letters/,
    () =>
      "Chỉ gồm chữ thường không dấu, chữ số, dấu chấm, gạch dưới hoặc gạch ngang (3-64 ký tự), ví dụ canbo.batxat",
  ],
  [
    /^capital letters/,
    () => "Chỉ gồm chữ in hoa không dấu, chữ số hoặc gạch ngang (2-32 ký tự), ví dụ C-YTY",
  ],
];

/** One message in the reader's language. */
export function localizeMessage(lang: Lang, message: string): string {
  for (const [re, vi] of RULES) {
    const m = re.exec(message);
    if (!m) continue;
    if (lang === "vi") return vi(m, lang);
    // English: the API's words, with codes of beneficiary kinds named.
    return re.source.startsWith("^activity")
      ? vi(m, lang).replace("Hoạt động này chỉ hỗ trợ", "This activity supports")
      : message;
  }
  return lang === "vi" ? "Giá trị không hợp lệ" : message;
}

/**
 * Field errors of a problem, by form field, in the reader's language. A field the form does
 * not show is reported on the nearest field it has (`items.0` → `items.0.code`) or on the form.
 */
export function fieldErrors(
  lang: Lang,
  errors: readonly FieldError[],
  shown: readonly string[] = [],
): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) {
    let field = e.field === "(root)" ? "" : e.field;
    if (field && shown.length > 0 && !shown.includes(field)) {
      field = shown.find((s) => s.startsWith(`${field}.`)) ?? "";
    }
    const message = localizeMessage(lang, e.message);
    // The first message of a field is the one to fix first.
    if (out[field] === undefined) out[field] = message;
  }
  return out;
}

/** Parses an amount typed by hand: "60.000.000", "60 000 000 đ", "60,000,000" → 60000000. */
export function parseAmount(raw: string | undefined): number | string | undefined {
  const s = (raw ?? "").trim();
  if (s === "") return undefined;
  const compact = s.replace(/\s+|đ$|vnd$|VND$|đồng$/gi, "").replace(/[.,\s]/g, "");
  return /^\d{1,15}$/.test(compact) ? Number(compact) : s;
}

/**
 * Turns flat form fields into the API's body: `a.b` nests, numeric segments make arrays (empty
 * rows dropped), `numeric` fields become numbers where they can, empty strings are omitted.
 * Fields starting with "_" (CSRF token, operation) are not part of the body.
 */
export function formToBody(
  form: Record<string, string>,
  numeric: (path: string) => boolean,
): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(form)) {
    if (name.startsWith("_") || name === "op") continue;
    if (
      !/^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$/.test(name) ||
      /(^|\.)(constructor|prototype)(\.|$)/.test(name)
    )
      continue;
    const value = numeric(name) ? parseAmount(raw) : raw.trim() === "" ? undefined : raw;
    if (value === undefined) continue;
    const parts = name.split(".");
    let node: Record<string, unknown> = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        node[part] = value;
        return;
      }
      // Own properties only: a field named "constructor.prototype.x" must not reach a prototype.
      if (!Object.hasOwn(node, part)) node[part] = {};
      node = node[part] as Record<string, unknown>;
    });
  }
  return arraysOf(root) as Record<string, unknown>;
}

/** Objects whose keys are all indexes become arrays (in index order, holes dropped). */
function arraysOf(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj);
  const mapped = Object.fromEntries(keys.map((k) => [k, arraysOf(obj[k])]));
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => mapped[k]);
  }
  return mapped;
}

/** The element id of a field (dots are fine in ids, but not in CSS selectors people write). */
export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;

export interface FieldOptions {
  name: string;
  label: string;
  value?: string | number | undefined;
  errors?: FieldErrors;
  type?: "text" | "number" | "date" | "month" | "email";
  required?: boolean;
  hint?: string;
  inputmode?: "numeric" | "text" | "email";
  maxlength?: number;
  /** Personal data: never kept in the browser's draft storage. */
  private?: boolean;
  autocomplete?: string;
}

function described(o: { name: string; hint?: string; errors?: FieldErrors }) {
  const id = fieldId(o.name);
  const error = o.errors?.[o.name];
  const ids = [o.hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean);
  return {
    id,
    error,
    attrs: `${ids.length ? ` aria-describedby="${ids.join(" ")}"` : ""}${error ? ' aria-invalid="true"' : ""}`,
    below: `${o.hint ? `<p class="hint" id="${id}-hint">${esc(o.hint)}</p>` : ""}${error ? `<p class="field-error" id="${id}-error">${esc(error)}</p>` : ""}`,
  };
}

/** A labelled input with its hint and its error, linked for screen readers. */
export function inputField(o: FieldOptions): string {
  const d = described(o);
  const attrs = [
    `type="${o.type ?? "text"}"`,
    `id="${d.id}"`,
    `name="${esc(o.name)}"`,
    o.value !== undefined ? `value="${esc(o.value)}"` : "",
    o.required ? "required" : "",
    o.maxlength ? `maxlength="${o.maxlength}"` : "",
    o.inputmode ? `inputmode="${o.inputmode}"` : "",
    o.private ? "data-private" : "",
    o.autocomplete ? `autocomplete="${o.autocomplete}"` : "",
  ]
    .filter(Boolean)
    .join(" ");
  return `<label for="${d.id}">${esc(o.label)}</label><input ${attrs}${d.attrs}>${d.below}`;
}

export function textareaField(o: FieldOptions & { rows?: number }): string {
  const d = described(o);
  return `<label for="${d.id}">${esc(o.label)}</label><textarea id="${d.id}" name="${esc(o.name)}" rows="${o.rows ?? 3}"${o.maxlength ? ` maxlength="${o.maxlength}"` : ""}${o.required ? " required" : ""}${o.private ? " data-private" : ""}${d.attrs}>${esc(o.value ?? "")}</textarea>${d.below}`;
}

export interface SelectOption {
  value: string;
  label: string;
  group?: string;
}

export function selectField(
  o: FieldOptions & { options: readonly SelectOption[]; empty?: string },
): string {
  const d = described(o);
  const opt = (x: SelectOption) =>
    `<option value="${esc(x.value)}"${String(o.value ?? "") === x.value ? " selected" : ""}>${esc(x.label)}</option>`;
  const groups = [...new Set(o.options.map((x) => x.group ?? ""))];
  const body = groups
    .map((g) => {
      const inGroup = o.options
        .filter((x) => (x.group ?? "") === g)
        .map(opt)
        .join("");
      return g ? `<optgroup label="${esc(g)}">${inGroup}</optgroup>` : inGroup;
    })
    .join("");
  const empty = o.empty !== undefined ? `<option value="">${esc(o.empty)}</option>` : "";
  return `<label for="${d.id}">${esc(o.label)}</label><select id="${d.id}" name="${esc(o.name)}"${o.required ? " required" : ""}${d.attrs}>${empty}${body}</select>${d.below}`;
}

/**
 * The summary at the top of a refused form: what to fix, each item linking to its field, read
 * out first (role="alert").
 */
export function errorSummary(
  lang: Lang,
  errors: FieldErrors,
  labels: Record<string, string>,
): string {
  const entries = Object.entries(errors);
  if (entries.length === 0) return "";
  const items = entries
    .map(([field, message]) =>
      field
        ? `<li><a href="#${fieldId(field)}">${esc(labels[field] ?? labelOfPath(lang, field, labels))}: ${esc(message)}</a></li>`
        : `<li>${esc(message)}</li>`,
    )
    .join("");
  return `<div class="notice error" role="alert" id="errors"><p><strong>${esc(t(lang, "fixBelow"))}</strong></p><ul>${items}</ul></div>`;
}

/** "items.1.supportAmount" → "Hạng mục 2 – Số tiền đề nghị hỗ trợ", from the labels of row 0. */
function labelOfPath(lang: Lang, field: string, labels: Record<string, string>): string {
  const m = /^(\w+)\.(\d+)\.(\w+)$/.exec(field);
  if (m) {
    const base = labels[`${m[1]}.0.${m[3]}`] ?? m[3];
    return `${lang === "vi" ? "Hạng mục" : "Item"} ${Number(m[2]) + 1} – ${base}`;
  }
  return field;
}

/** The hidden CSRF field of a form. */
export const csrfField = (token: string) =>
  `<input type="hidden" name="_csrf" value="${esc(token)}">`;

/**
 * The notices the draft script shows: what was restored from the device, and that an entry
 * made offline waits for the connection. Hidden by default: without the script they never show.
 */
export function draftNotices(lang: Lang): string {
  return `<p class="notice" id="p8-restored" hidden role="status">${esc(t(lang, "draftRestored"))} <button type="button" class="secondary" id="p8-discard">${esc(t(lang, "draftDiscard"))}</button></p>
<p class="notice error" id="p8-offline" hidden role="alert">${esc(t(lang, "offlineQueued"))}</p>`;
}
