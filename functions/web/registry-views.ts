/**
 * What the registry pages share: their words (Vietnamese first, the handbook's terms: Tổ TKVVTB,
 * tổ nhóm sinh kế, THT, HTX, ĐCTC, chủ ĐCTC; English second), the registration / edit form of
 * each kind, and reading a posted form back into the API's request shape (the same schemas
 * check both channels). Server-rendered, no script, light enough for a phone on a slow line.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { bodyText } from "../../shared/http/edge.ts";
import type { FieldError } from "../../shared/kernel/errors.ts";
import type { Beneficiary, RegistryKind } from "../../shared/registry/domain/beneficiary.ts";
import { REGISTRY_KINDS, SURVIVOR_NEEDS } from "../../shared/registry/domain/beneficiary.ts";
import type { DuplicateCandidate } from "../../shared/registry/domain/duplicates.ts";
import { countsOf } from "../../shared/registry/domain/import/rows.ts";
import { esc } from "../../shared/web/html.ts";
import type { Lang } from "../../shared/web/i18n.ts";

const VI = {
  registry: "Sổ đăng ký đối tượng",
  kind: "Loại đối tượng",
  kinds: "Loại",
  all: "Tất cả",
  commune: "Xã",
  id: "Mã",
  name: "Tên",
  village: "Thôn, bản",
  foundedOn: "Ngày thành lập",
  status: "Tình trạng",
  statusSince: "Tình trạng từ ngày",
  facilitator: "Người hỗ trợ tổ",
  galsSince: "Áp dụng phương pháp học tập và hành động giới (GALS) từ ngày",
  leadership: "Phụ nữ làm chủ hay đồng làm chủ",
  women: "Thành viên nữ theo dân tộc (ví dụ: Mông:12; Dao:3)",
  men: "Thành viên nam theo dân tộc (ví dụ: Mông:2)",
  products: "Sản phẩm (cách nhau bởi dấu ;)",
  origin: "Hình thức",
  since: "Ngày thành lập mới hoặc nâng cấp",
  hostName: "Họ tên chủ ĐCTC (thông tin cá nhân, được mã hoá; để trống: giữ như cũ)",
  listedOn: "Ngày lập danh sách",
  needs: "Nhu cầu hỗ trợ",
  fullName: "Họ tên (thông tin cá nhân, được mã hoá; để trống: giữ như cũ)",
  phone: "Số điện thoại",
  address: "Địa chỉ",
  story: "Hoàn cảnh",
  register: "Đăng ký",
  save: "Lưu",
  new: "Đăng ký mới",
  edit: "Sửa thông tin",
  noEntries: "Chưa có đối tượng nào.",
  done: "Đã lưu.",
  registered: "Đã đăng ký. Mã đối tượng:",
  mergedInto: "Đối tượng này đã được gộp vào",
  mergedFrom: "Đã gộp từ",
  incomplete: "Cần bổ sung",
  duplicateOf: "Đăng ký dù có thể trùng với",
  dupWarning:
    "Có thể trùng với đối tượng đã đăng ký (cùng xã, cùng loại, tên giống nhau khi bỏ dấu, khoảng trắng và dấu câu):",
  confirmDistinct: "Tôi đã xem các đối tượng trên; đây là một đối tượng khác (tỉnh sẽ rà soát)",
  useExisting: "Nếu là cùng một đối tượng, hãy dùng mã đã có.",
  personalHidden: "Có thông tin cá nhân (được mã hoá, không hiển thị ở đây)",
  pseudonym: "Bí danh",
  members: "Thành viên",
  addMember: "Thêm thành viên",
  memberName: "Họ tên thành viên",
  birthYear: "Năm sinh",
  gender: "Giới tính",
  ethnicity: "Dân tộc",
  joinedOn: "Ngày vào tổ",
  leftOn: "Ngày rời tổ",
  introductions: "Giới thiệu tiếp cận định chế tài chính chính thức",
  introShort: "Định chế tài chính",
  supportShort: "Sinh kế",
  institution: "Định chế tài chính",
  on: "Ngày",
  supports: "Hỗ trợ phát triển sinh kế",
  what: "Nội dung hỗ trợ",
  addIntroduction: "Ghi giới thiệu",
  addSupport: "Ghi hỗ trợ",
  remove: "Đính chính: bỏ mục này",
  correctionReason: "Lý do đính chính",
  editMember: "Sửa thành viên",
  nameHidden: "(ẩn)",
  figures: "Số liệu sinh hoạt tổ",
  period: "Kỳ: ngày họp (YYYY-MM-DD) hoặc tháng (YYYY-MM)",
  savingsBalance: "Số dư tiết kiệm (đ)",
  loansOutstanding: "Dư nợ cho vay (đ)",
  membersAttending: "Số thành viên dự họp",
  record: "Ghi số liệu",
  correction: "Đây là đính chính số liệu đã ghi; lý do:",
  corrected: "lần đính chính",
  history: "Lịch sử thay đổi",
  duplicates: "Rà soát đối tượng nghi trùng",
  noDuplicates: "Không có đối tượng nào chờ rà soát.",
  flagged: "Đăng ký dù có cảnh báo trùng",
  candidates: "Có thể trùng với",
  merge: "Gộp",
  keep: "Giữ lại mã",
  mergeAway: "Gộp mã này vào mã được giữ",
  dismiss: "Không trùng",
  reason: "Lý do",
  merged: "Đã gộp.",
  dismissed: "Đã xác nhận không trùng.",
  import: "Nhập danh sách từ bảng tính",
  file: "Tệp XLSX hoặc CSV (UTF-8), tối đa 2 MiB và 2.000 dòng",
  layout: "Mẫu danh sách",
  layoutBeneficiaries: "Đối tượng (Tổ TKVVTB, tổ nhóm sinh kế, THT, HTX, ĐCTC)",
  layoutMembers: "Thành viên Tổ TKVVTB",
  mode: "Cách làm",
  dryRun: "Chỉ kiểm tra, không ghi",
  doImport: "Nhập (chỉ khi không có lỗi nào)",
  send: "Gửi tệp",
  template: "Tải mẫu",
  columns: "Các cột",
  problems: "Lỗi",
  row: "Dòng",
  column: "Cột",
  noProblems: "Không có lỗi.",
  checked: "Đã kiểm tra: {n} dòng, không có lỗi. Chưa ghi gì.",
  imported: "Đã nhập {n} dòng.",
  refused: "Tệp có lỗi: không nhập dòng nào. Sửa các lỗi dưới đây rồi gửi lại.",
  already: "Tệp này đã được nhập trước đây.",
  indicators: "Chỉ tiêu hoạt động 1",
  tooLarge: "Tệp quá lớn (tối đa 2 MiB).",
  back: "Về sổ đăng ký",
};
type Key = keyof typeof VI;

const EN: Record<Key, string> = {
  registry: "Programme registry",
  kind: "Kind",
  kinds: "Kinds",
  all: "All",
  commune: "Commune",
  id: "Id",
  name: "Name",
  village: "Village",
  foundedOn: "Founded on",
  status: "Status",
  statusSince: "Status since",
  facilitator: "Facilitator",
  galsSince: "Applies the gender action learning system (GALS) since",
  leadership: "Women-led or co-led",
  women: "Women members per ethnicity (e.g. Mông:12; Dao:3)",
  men: "Men members per ethnicity (e.g. Mông:2)",
  products: "Products (separated by ;)",
  origin: "Origin",
  since: "Founded or upgraded on",
  hostName: "Host's name (chủ ĐCTC; personal data, sealed; empty: unchanged)",
  listedOn: "Listed on",
  needs: "Needs",
  fullName: "Full name (personal data, sealed; empty: unchanged)",
  phone: "Phone",
  address: "Address",
  story: "Circumstances",
  register: "Register",
  save: "Save",
  new: "Register new",
  edit: "Edit",
  noEntries: "No entries yet.",
  done: "Saved.",
  registered: "Registered. Registry id:",
  mergedInto: "This entry was merged into",
  mergedFrom: "Merged from",
  incomplete: "To complete",
  duplicateOf: "Registered although it may duplicate",
  dupWarning:
    "Likely duplicates already registered (same commune, same kind, the same name without diacritics, spacing and punctuation):",
  confirmDistinct: "I have looked at these; this is a different one (the province will review it)",
  useExisting: "If it is the same one, use the existing id.",
  personalHidden: "Holds personal data (sealed, not shown here)",
  pseudonym: "Pseudonym",
  members: "Members",
  addMember: "Add a member",
  memberName: "Member's full name",
  birthYear: "Year of birth",
  gender: "Gender",
  ethnicity: "Ethnicity",
  joinedOn: "Joined on",
  leftOn: "Left on",
  introductions: "Introductions to formal financial institutions",
  introShort: "Formal finance",
  supportShort: "Livelihood",
  institution: "Institution",
  on: "Date",
  supports: "Livelihood support",
  what: "Support",
  addIntroduction: "Record an introduction",
  addSupport: "Record a support",
  remove: "Correction: take this back",
  correctionReason: "Reason for the correction",
  editMember: "Edit member",
  nameHidden: "(hidden)",
  figures: "Group figures",
  period: "Period: meeting (YYYY-MM-DD) or month (YYYY-MM)",
  savingsBalance: "Savings balance (VND)",
  loansOutstanding: "Loans outstanding (VND)",
  membersAttending: "Members attending",
  record: "Record figures",
  correction: "This corrects figures already recorded; reason:",
  corrected: "correction(s)",
  history: "History",
  duplicates: "Duplicate review",
  noDuplicates: "Nothing is waiting for review.",
  flagged: "Registered despite a duplicate warning",
  candidates: "May duplicate",
  merge: "Merge",
  keep: "Keep id",
  mergeAway: "Merge this id into the one kept",
  dismiss: "Not a duplicate",
  reason: "Reason",
  merged: "Merged.",
  dismissed: "Marked as not a duplicate.",
  import: "Import from a spreadsheet",
  file: "XLSX or CSV (UTF-8) file, at most 2 MiB and 2,000 rows",
  layout: "Layout",
  layoutBeneficiaries:
    "Beneficiaries (savings groups, livelihood groups, THT, HTX, trusted addresses)",
  layoutMembers: "Savings-group members",
  mode: "Mode",
  dryRun: "Check only, write nothing",
  doImport: "Import (only if no row has a problem)",
  send: "Send the file",
  template: "Download the template",
  columns: "Columns",
  problems: "Problems",
  row: "Row",
  column: "Column",
  noProblems: "No problems.",
  checked: "Checked: {n} rows, no problems. Nothing written.",
  imported: "Imported {n} rows.",
  refused: "The file has problems: no row was imported. Fix them and send it again.",
  already: "This file was imported before.",
  indicators: "Activity 1 indicators",
  tooLarge: "The file is too large (at most 2 MiB).",
  back: "Back to the registry",
};

export const rt = (lang: Lang, key: Key): string => (lang === "vi" ? VI : EN)[key];

const KIND_LABELS: Record<RegistryKind, [string, string]> = {
  SAVINGS_GROUP: ["Tổ TKVVTB (tổ tiết kiệm vốn vay thôn bản)", "Savings group (Tổ TKVVTB)"],
  LIVELIHOOD_GROUP: ["Tổ nhóm sinh kế", "Livelihood group"],
  COOPERATIVE_GROUP: ["Tổ hợp tác (THT)", "Cooperative group (THT)"],
  COOPERATIVE: ["Hợp tác xã (HTX)", "Cooperative (HTX)"],
  TRUSTED_ADDRESS: ["Địa chỉ tin cậy cộng đồng (ĐCTC)", "Community trusted address (ĐCTC)"],
  SURVIVOR_CASE: ["Hồ sơ phụ nữ, trẻ em gái bị mua bán trở về", "Trafficking survivor case"],
};
export const kindLabel = (lang: Lang, k: RegistryKind) => KIND_LABELS[k][lang === "vi" ? 0 : 1];

const OPTIONS: Record<string, Record<string, [string, string]>> = {
  status: {
    active: ["Đang hoạt động", "Active"],
    inactive: ["Tạm ngừng", "Inactive"],
    dissolved: ["Giải thể", "Dissolved"],
  },
  leadership: {
    women_led: ["Phụ nữ làm chủ", "Women-led"],
    co_led: ["Phụ nữ đồng làm chủ", "Co-led by women"],
  },
  origin: {
    founded: ["Thành lập mới", "Founded new"],
    upgraded: ["Củng cố, nâng cấp địa chỉ hiện có", "Existing one upgraded"],
  },
  gender: { female: ["Nữ", "Female"], male: ["Nam", "Male"] },
  needs: {
    vocational_training: ["Học nghề", "Vocational training"],
    livelihood: ["Phát triển sinh kế", "Livelihood"],
    job_counselling: ["Tư vấn việc làm", "Job counselling"],
    capital: ["Tiếp cận vốn", "Access to capital"],
    savings_group: ["Tham gia Tổ TKVVTB", "Joining a savings group"],
    psychosocial: ["Hỗ trợ tâm lý", "Psychosocial support"],
  },
};
export const optionLabel = (lang: Lang, group: string, value: string) =>
  OPTIONS[group]?.[value]?.[lang === "vi" ? 0 : 1] ?? value;

/** The fields of a posted form, keeping repeated names (check boxes). */
export function formParams(
  event: Pick<APIGatewayProxyEventV2, "body" | "isBase64Encoded">,
): URLSearchParams {
  return new URLSearchParams(bodyText(event as APIGatewayProxyEventV2));
}

const opt = (value: string, label: string, selected: boolean) =>
  `<option value="${esc(value)}"${selected ? " selected" : ""}>${esc(label)}</option>`;

function input(
  name: string,
  label: string,
  value: string | undefined,
  o: { type?: string; required?: boolean; max?: number; errors?: Map<string, string> } = {},
): string {
  const err = o.errors?.get(name);
  return `<label>${esc(label)}${o.required ? " *" : ""}<input type="${o.type ?? "text"}" name="${name}" value="${esc(value ?? "")}"${o.required ? " required" : ""}${o.max ? ` maxlength="${o.max}"` : ""}${err ? ' aria-invalid="true"' : ""}></label>${err ? `<span class="late">${esc(err)}</span>` : ""}`;
}

function select(
  lang: Lang,
  name: string,
  label: string,
  group: string,
  value: string | undefined,
  withEmpty = false,
): string {
  const values = Object.keys(OPTIONS[group] ?? {});
  return `<label>${esc(label)}<select name="${name}">${withEmpty ? opt("", "—", !value) : ""}${values.map((v) => opt(v, optionLabel(lang, group, v), v === value)).join("")}</select></label>`;
}

/** "Mông:12; Dao:3" from the member counts of one gender. */
function countsText(b: Beneficiary | undefined, gender: "female" | "male"): string {
  if (!b || !("memberCounts" in b.details)) return "";
  return b.details.memberCounts
    .filter((c) => c.gender === gender)
    .map((c) => `${c.ethnicity}:${c.count}`)
    .join("; ");
}

const detail = (b: Beneficiary | undefined, key: string): string | undefined => {
  const v = b ? (b.details as unknown as Record<string, unknown>)[key] : undefined;
  return typeof v === "string" ? v : undefined;
};

/** The registration or edit form of a kind; `values` re-fill it after a refusal. */
export function entryForm(
  lang: Lang,
  o: {
    kind: RegistryKind;
    action: string;
    csrf: string;
    op?: string;
    communeId?: string;
    entry?: Beneficiary;
    values?: URLSearchParams;
    errors?: FieldError[];
    duplicates?: DuplicateCandidate[];
    submit: string;
  },
): string {
  const v = (name: string, fallback?: string) => o.values?.get(name) ?? fallback;
  const errors = new Map(
    (o.errors ?? []).map((e) => [e.field.split(".")[0] ?? e.field, e.message]),
  );
  const b = o.entry;
  const hidden = [
    `<input type="hidden" name="_csrf" value="${esc(o.csrf)}">`,
    `<input type="hidden" name="kind" value="${o.kind}">`,
    o.op ? `<input type="hidden" name="op" value="${esc(o.op)}">` : "",
    o.communeId ? `<input type="hidden" name="communeId" value="${esc(o.communeId)}">` : "",
    b ? `<input type="hidden" name="version" value="${b.version}">` : "",
  ];
  const f: string[] = [];
  if (o.kind !== "SURVIVOR_CASE")
    f.push(
      input("name", rt(lang, "name"), v("name", b?.name), { required: true, max: 200, errors }),
    );
  switch (o.kind) {
    case "SAVINGS_GROUP":
      f.push(
        input("village", rt(lang, "village"), v("village", detail(b, "village")), {
          required: true,
          max: 100,
          errors,
        }),
        input("foundedOn", rt(lang, "foundedOn"), v("foundedOn", detail(b, "foundedOn")), {
          type: "date",
          required: true,
          errors,
        }),
        select(lang, "status", rt(lang, "status"), "status", v("status", detail(b, "status"))),
        input("statusSince", rt(lang, "statusSince"), v("statusSince", detail(b, "statusSince")), {
          type: "date",
          errors,
        }),
        input("facilitator", rt(lang, "facilitator"), v("facilitator", detail(b, "facilitator")), {
          max: 100,
          errors,
        }),
        input("galsSince", rt(lang, "galsSince"), v("galsSince", detail(b, "galsSince")), {
          type: "date",
          errors,
        }),
      );
      break;
    case "TRUSTED_ADDRESS":
      f.push(
        input("village", rt(lang, "village"), v("village", detail(b, "village")), {
          max: 100,
          errors,
        }),
        select(lang, "origin", rt(lang, "origin"), "origin", v("origin", detail(b, "origin"))),
        input("since", rt(lang, "since"), v("since", detail(b, "since")), {
          type: "date",
          required: true,
          errors,
        }),
        select(lang, "status", rt(lang, "status"), "status", v("status", detail(b, "status"))),
        input("hostName", rt(lang, "hostName"), v("hostName"), { max: 200, errors }),
      );
      break;
    case "SURVIVOR_CASE": {
      const chosen = new Set(
        o.values?.getAll("needs") ?? (b && "needs" in b.details ? b.details.needs : []),
      );
      f.push(
        input("listedOn", rt(lang, "listedOn"), v("listedOn", detail(b, "listedOn")), {
          type: "date",
          required: true,
          errors,
        }),
        `<fieldset><legend>${esc(rt(lang, "needs"))}</legend>${SURVIVOR_NEEDS.map((n) => `<label><input type="checkbox" name="needs" value="${n}"${chosen.has(n) ? " checked" : ""}> ${esc(optionLabel(lang, "needs", n))}</label>`).join("")}</fieldset>`,
        select(lang, "status", rt(lang, "status"), "status", v("status", detail(b, "status"))),
        input("fullName", rt(lang, "fullName"), v("fullName"), { max: 200, errors }),
        input("phone", rt(lang, "phone"), v("phone"), { max: 32, errors }),
        input("address", rt(lang, "address"), v("address"), { max: 500, errors }),
        `<label>${esc(rt(lang, "story"))}<textarea name="story" rows="3" maxlength="8000">${esc(v("story") ?? "")}</textarea></label>`,
      );
      break;
    }
    default:
      f.push(
        select(
          lang,
          "leadership",
          rt(lang, "leadership"),
          "leadership",
          v("leadership", detail(b, "leadership")),
        ),
        input("women", rt(lang, "women"), v("women", countsText(b, "female")), {
          max: 500,
          errors,
        }),
        input("men", rt(lang, "men"), v("men", countsText(b, "male")), { max: 500, errors }),
        input(
          "products",
          rt(lang, "products"),
          v("products", b && "products" in b.details ? b.details.products.join("; ") : ""),
          { max: 1000, errors },
        ),
        input("village", rt(lang, "village"), v("village", detail(b, "village")), {
          max: 100,
          errors,
        }),
        input("foundedOn", rt(lang, "foundedOn"), v("foundedOn", detail(b, "foundedOn")), {
          type: "date",
          errors,
        }),
        select(lang, "status", rt(lang, "status"), "status", v("status", detail(b, "status"))),
      );
  }
  const other = (o.errors ?? []).filter(
    (e) => !f.some((x) => x.includes(`name="${e.field.split(".")[0]}"`)),
  );
  const generalErrors = other.length
    ? `<p class="notice error" role="alert">${other.map((e) => esc(`${e.field}: ${e.message}`)).join("<br>")}</p>`
    : "";
  const dup = o.duplicates?.length
    ? `<div class="notice error" role="alert"><p>${esc(rt(lang, "dupWarning"))}</p><ul>${o.duplicates.map((d) => `<li><a href="/app/registry/${encodeURIComponent(d.id)}">${esc(d.id)}</a> · ${esc(d.name)}<input type="hidden" name="duplicatesReviewed" value="${esc(d.id)}"></li>`).join("")}</ul><p>${esc(rt(lang, "useExisting"))}</p><label><input type="checkbox" name="confirmDistinct" value="1" required> ${esc(rt(lang, "confirmDistinct"))}</label></div>`
    : "";
  return `<form method="post" action="${esc(o.action)}">${hidden.join("")}${generalErrors}${dup}${f.join("")}<p><button type="submit">${esc(o.submit)}</button></p></form>`;
}

const text = (p: URLSearchParams, name: string) => {
  const s = p.get(name)?.trim();
  return s ? s : undefined;
};

/**
 * A posted entry form as the API's request body (so the same schema refuses the same input).
 * Counts written as "Mông:12; Dao:3" that do not read become a field error of their own.
 */
export function entryInputOf(
  p: URLSearchParams,
  kind: RegistryKind,
): { input: Record<string, unknown>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const put = (o: Record<string, unknown>, key: string, value: unknown) => {
    if (value !== undefined) o[key] = value;
  };
  const o: Record<string, unknown> = { kind };
  if (kind !== "SURVIVOR_CASE") put(o, "name", text(p, "name"));
  switch (kind) {
    case "SAVINGS_GROUP":
      for (const k of ["village", "foundedOn", "status", "statusSince", "facilitator", "galsSince"])
        put(o, k, text(p, k));
      break;
    case "TRUSTED_ADDRESS":
      for (const k of ["village", "origin", "since", "status", "hostName"]) put(o, k, text(p, k));
      break;
    case "SURVIVOR_CASE": {
      for (const k of ["listedOn", "status"]) put(o, k, text(p, k));
      o.needs = p.getAll("needs");
      const personal: Record<string, unknown> = {};
      for (const k of ["fullName", "phone", "address", "story"]) put(personal, k, text(p, k));
      if (Object.keys(personal).length > 0) o.personal = personal;
      break;
    }
    default: {
      for (const k of ["leadership", "village", "foundedOn", "status"]) put(o, k, text(p, k));
      const counts: unknown[] = [];
      for (const [field, gender] of [
        ["women", "female"],
        ["men", "male"],
      ] as const) {
        const parsed = countsOf(p.get(field) ?? "");
        if (!parsed) errors.push({ field, message: "Mông:12; Dao:3" });
        else for (const c of parsed) counts.push({ gender, ...c });
      }
      o.memberCounts = counts;
      o.products = (p.get("products") ?? "")
        .split(";")
        .map((s) => s.trim())
        .filter(Boolean);
    }
  }
  const reviewed = p.getAll("duplicatesReviewed");
  if (reviewed.length > 0 && p.get("confirmDistinct") === "1") o.duplicatesReviewed = reviewed;
  return { input: o, errors };
}

export const isKind = (v: string | undefined | null): v is RegistryKind =>
  (REGISTRY_KINDS as readonly string[]).includes(v ?? "");

/** A short line per problem of a file: row, column, message in the reader's language. */
export function problemsTable(
  lang: Lang,
  problems: readonly {
    row: number;
    column?: string;
    field?: string;
    message: string;
    messageVi: string;
  }[],
): string {
  if (problems.length === 0) return `<p>${esc(rt(lang, "noProblems"))}</p>`;
  const shown = problems.slice(0, 500);
  const more = problems.length - shown.length;
  return `<div style="overflow-x:auto"><table><thead><tr><th>${esc(rt(lang, "row"))}</th><th>${esc(rt(lang, "column"))}</th><th>${esc(rt(lang, "problems"))}</th></tr></thead><tbody>${shown
    .map(
      (p) =>
        `<tr><td>${p.row}</td><td>${esc(p.column ?? "")}${p.field ? ` <span class="meta">${esc(p.field)}</span>` : ""}</td><td>${esc(lang === "vi" ? p.messageVi : p.message)}</td></tr>`,
    )
    .join("")}</tbody></table></div>${more > 0 ? `<p class="meta">+${more}</p>` : ""}`;
}

/** Links between the registry pages, by what the reader may do. */
export function registryNav(lang: Lang, o: { province: boolean; importing: boolean }): string {
  const links = [
    `<a href="/app/registry">${esc(rt(lang, "registry"))}</a>`,
    ...(o.province
      ? [`<a href="/app/registry/duplicates">${esc(rt(lang, "duplicates"))}</a>`]
      : []),
    ...(o.importing ? [`<a href="/app/registry?view=import">${esc(rt(lang, "import"))}</a>`] : []),
  ];
  return `<nav class="tabs" aria-label="${esc(rt(lang, "registry"))}">${links.join("")}</nav>`;
}
