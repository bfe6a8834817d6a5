import { roleMay } from "../../shared/access/policy.ts";
import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import type { Unit } from "../../shared/directory/ports.ts";
import { WebUnits } from "../../shared/directory/routes.ts";
import { L } from "../../shared/funding/web/finance-views.ts";
import { ForbiddenError } from "../../shared/kernel/errors.ts";
import {
  csrfField,
  errorSummary,
  type FieldErrors,
  inputField,
  selectField,
} from "../../shared/web/forms.ts";
import type { PageCtx } from "../../shared/web/handler.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { esc } from "../../shared/web/html.ts";
import type { Lang } from "../../shared/web/i18n.ts";
import { csrfToken, type WebSession } from "../../shared/web/session.ts";

export const UNITS_PATH = "/app/units";

const name = (lang: Lang, u: Unit | undefined, id = "") =>
  u ? (lang === "vi" ? u.nameVi : u.nameEn) : id;

export interface UnitsPageState {
  status?: number;
  message?: { text: string; kind: "ok" | "error" };
  errors?: FieldErrors;
  values?: Record<string, string>;
}

/**
 * The province's units and its routing (which unit reviews which commune): read by the
 * province, auditors and admins; admins also get the forms (move a commune, create a unit).
 */
export async function renderUnitsPage(ctx: PageCtx, s: WebSession, state: UnitsPageState = {}) {
  const lang = ctx.lang;
  if (!roleMay(s.actor.role, "routing.read"))
    throw new ForbiddenError("the routing page is for the province, auditors and admins");
  const manage = roleMay(s.actor.role, "units.manage");
  const csrf = manage ? csrfToken(s, UNITS_PATH) : "";
  const units = await dynamoDirectory.listUnits(s.actor.provinceId);
  const byId = new Map(units.map((u) => [u.id, u]));
  const reviewers = units.filter((u) => u.kind === "review_unit" || u.kind === "province");
  const communes = units
    .filter((u) => u.kind === "commune")
    .sort((a, b) => a.nameVi.localeCompare(b.nameVi, "vi"));
  const reviewerOptions = reviewers.map((u) => ({ value: u.id, label: name(lang, u) }));
  const rows = communes
    .map((c) => {
      const current = `${esc(name(lang, byId.get(c.reviewUnitId ?? ""), c.reviewUnitId ?? "—"))}`;
      const change = manage
        ? `<form method="post" action="${UNITS_PATH}" class="filters">${csrfField(csrf)}<input type="hidden" name="op" value="route"><input type="hidden" name="communeId" value="${esc(c.id)}">${selectField({ name: "reviewUnitId", label: L(lang, "Chuyển sang", "Move to"), value: c.reviewUnitId, options: reviewerOptions })}<button type="submit" class="secondary">${esc(L(lang, "Lưu", "Save"))}</button></form>`
        : "";
      return `<li><strong>${esc(name(lang, c))}</strong><div class="meta">${esc(L(lang, "Đơn vị thẩm định", "Reviewed by"))}: ${current}</div>${change}</li>`;
    })
    .join("");
  const errors = state.errors ?? {};
  const v = state.values ?? {};
  const labels: Record<string, string> = {
    id: L(lang, "Mã đơn vị", "Unit id"),
    kind: L(lang, "Loại đơn vị", "Kind"),
    nameVi: L(lang, "Tên (tiếng Việt)", "Name (Vietnamese)"),
    nameEn: L(lang, "Tên (tiếng Anh)", "Name (English)"),
    reviewUnitId: L(lang, "Đơn vị thẩm định (với xã)", "Reviewed by (communes)"),
  };
  const create = manage
    ? `<h2>${esc(L(lang, "Tạo đơn vị", "New unit"))}</h2>${errorSummary(lang, errors, labels)}
<form method="post" action="${UNITS_PATH}" novalidate>${csrfField(csrf)}<input type="hidden" name="op" value="create">
${inputField({ name: "id", label: labels.id ?? "", value: v.id, errors, required: true, maxlength: 32, hint: L(lang, "Ví dụ C-YTY (xã), RU-BX (đơn vị thẩm định)", "e.g. C-YTY (commune), RU-BX (reviewing unit)") })}
${selectField({
  name: "kind",
  label: labels.kind ?? "",
  value: v.kind,
  errors,
  required: true,
  options: [
    { value: "commune", label: L(lang, "Xã", "Commune") },
    { value: "review_unit", label: L(lang, "Đơn vị thẩm định", "Reviewing unit") },
  ],
})}
${inputField({ name: "nameVi", label: labels.nameVi ?? "", value: v.nameVi, errors, required: true, maxlength: 120 })}
${inputField({ name: "nameEn", label: labels.nameEn ?? "", value: v.nameEn, errors, maxlength: 120 })}
${selectField({ name: "reviewUnitId", label: labels.reviewUnitId ?? "", value: v.reviewUnitId, errors, empty: L(lang, "— Không (đơn vị thẩm định) —", "— None (reviewing unit) —"), options: reviewerOptions })}
<button type="submit">${esc(L(lang, "Tạo đơn vị", "Create unit"))}</button></form>`
    : `<p class="meta">${esc(L(lang, "Quản trị hệ thống thay đổi phân công thẩm định.", "Administrators change the routing."))}</p>`;
  const title = L(lang, "Đơn vị và phân công thẩm định", "Units and review routing");
  const notice = state.message
    ? `<p class="notice ${state.message.kind}" role="${state.message.kind === "error" ? "alert" : "status"}">${esc(state.message.text)}</p>`
    : "";
  const others = reviewers
    .map(
      (u) =>
        `<li>${esc(name(lang, u))} <span class="meta">(${esc(u.kind === "province" ? L(lang, "tỉnh", "province") : L(lang, "đơn vị thẩm định", "reviewing unit"))})</span></li>`,
    )
    .join("");
  return ctx.page(
    state.status ?? 200,
    title,
    `<h1>${esc(title)}</h1>${notice}<h2>${esc(L(lang, "Xã và đơn vị thẩm định", "Communes and who reviews them"))}</h2><ul class="cards">${rows}</ul><h2>${esc(L(lang, "Đơn vị thẩm định", "Reviewing units"))}</h2><ul>${others}</ul>${create}`,
  );
}

/** GET /app/units: the province's communes and their reviewing units (forms for admins). */
export const { handler, lambdaHandler } = pageHandler(WebUnits, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const done = ctx.query("done");
  return renderUnitsPage(
    ctx,
    s,
    done ? { message: { text: L(ctx.lang, "Đã lưu.", "Saved."), kind: "ok" } } : {},
  );
});
