/**
 * The batch pages (server-rendered, Vietnamese first, no JavaScript needed, ≤ 100 KB at 100
 * members, usable at 360 px): the commune's list of batches, the form that builds a batch from
 * the commune's registered groups, and the batch page where the commune submits and the
 * reviewer decides item by item or all at once.
 */
import { roleMay } from "../../shared/access/policy.ts";
import type { Batch } from "../../shared/batches/domain/batch.ts";
import {
  type BatchActivity,
  countsOf,
  MAX_BATCH_MEMBERS,
} from "../../shared/batches/domain/batch.ts";
import type { BatchRead, MemberView } from "../../shared/batches/use-cases/read-batch.ts";
import type { FieldError } from "../../shared/kernel/errors.ts";
import type { ProposalStatus } from "../../shared/kernel/types.ts";
import type { Beneficiary as RegistryEntry } from "../../shared/registry/domain/beneficiary.ts";
import { csrfField, localizeMessage } from "../../shared/web/forms.ts";
import { esc } from "../../shared/web/html.ts";
import { type Lang, localTime, money } from "../../shared/web/i18n.ts";
import { statusBadge, statusName } from "../../shared/web/timeline.ts";

const VI = {
  batches: "Đề xuất theo danh sách",
  newBatch: "Lập danh sách đề xuất mới",
  none: "Chưa có danh sách nào.",
  title: "Tên danh sách",
  period: "Quý (ví dụ 2026-Q3)",
  activityA1: "A1 – Tổ tiết kiệm và vay vốn thôn bản",
  activityA3: "A3 – Địa chỉ tin cậy",
  pick: "Chọn",
  name: "Tên",
  amount: "Số tiền đề nghị hỗ trợ (đồng)",
  months: "Số tháng",
  startMonth: "Tháng bắt đầu",
  item: "Hạng mục",
  noGroups:
    "Xã chưa có đối tượng đã đăng ký cho hoạt động này. Đăng ký tại trang Đối tượng thụ hưởng.",
  create: "Lập danh sách (lưu dự thảo)",
  created: "Đã lưu danh sách và các dự thảo đề xuất.",
  members: "Thành viên",
  status: "Trạng thái",
  norms: "Kiểm tra định mức",
  normsOk: "Đạt",
  normsBad: "Không đạt",
  notWritten: "Chưa ghi (gửi lại để ghi)",
  submit: "Gửi thẩm định cả danh sách",
  submitted: "Đã gửi thẩm định.",
  submittedRefused: "Một số mục không gửi được",
  decideItems: "Quyết định từng mục",
  decideAll: "Quyết định tất cả mục còn chờ",
  decideAllHint:
    "Mỗi mục được quyết định riêng (mỗi mục có sự kiện quyết định riêng). Khi duyệt tất cả, mục không đạt định mức sẽ được nêu tên và giữ lại để quyết định riêng.",
  leaveBlank: "— chưa quyết định —",
  approve: "Duyệt",
  return: "Trả lại",
  reject: "Từ chối",
  comment: "Ý kiến (bắt buộc khi trả lại hoặc từ chối)",
  apply: "Ghi quyết định",
  decided: "Đã quyết định",
  left: "Giữ lại",
  leftNorms: "không đạt định mức",
  total: "Tổng",
  progress: "Tiến độ",
  progressDRAFT: "Dự thảo",
  progressIN_REVIEW: "Đang thẩm định",
  progressDECIDED: "Đã quyết định xong",
  createdAt: "Lập lúc",
  open: "Mở",
  tooMany: `Tối đa ${MAX_BATCH_MEMBERS} mục một danh sách`,
  pickOne: "Chọn ít nhất một mục",
  commune: "Xã",
  csrf: "Phiên làm việc đã hết hạn; vui lòng tải lại trang và thử lại.",
};
type Key = keyof typeof VI;
const EN: Record<Key, string> = {
  batches: "Batch proposals",
  newBatch: "New batch",
  none: "No batches yet.",
  title: "Title of the list",
  period: "Quarter (e.g. 2026-Q3)",
  activityA1: "A1 – Village savings and loan groups",
  activityA3: "A3 – Trusted addresses",
  pick: "Pick",
  name: "Name",
  amount: "Support requested (đồng)",
  months: "Months",
  startMonth: "First month",
  item: "Item",
  noGroups:
    "The commune has no registered beneficiary for this activity. Register them on the registry page.",
  create: "Create the batch (save drafts)",
  created: "The batch and its draft proposals were saved.",
  members: "Members",
  status: "Status",
  norms: "Norm check",
  normsOk: "Passes",
  normsBad: "Fails",
  notWritten: "Not written yet (submit again to write it)",
  submit: "Submit the whole batch for review",
  submitted: "Submitted for review.",
  submittedRefused: "Some members could not be submitted",
  decideItems: "Decide item by item",
  decideAll: "Decide all remaining",
  decideAllHint:
    "Each member is decided on its own (each gets its own decision event). When approving all, a member failing its norm check is named and left for its own decision.",
  leaveBlank: "— not decided —",
  approve: "Approve",
  return: "Return",
  reject: "Reject",
  comment: "Comment (required to return or reject)",
  apply: "Record the decisions",
  decided: "Decided",
  left: "Left",
  leftNorms: "fails the norm check",
  total: "Total",
  progress: "Progress",
  progressDRAFT: "Draft",
  progressIN_REVIEW: "In review",
  progressDECIDED: "All decided",
  createdAt: "Created",
  open: "Open",
  tooMany: `At most ${MAX_BATCH_MEMBERS} members per batch`,
  pickOne: "Pick at least one member",
  commune: "Commune",
  csrf: "Your session expired; reload the page and try again.",
};
export const bt = (lang: Lang, key: Key): string => (lang === "vi" ? VI : EN)[key];

/** The items a batch member may claim, per activity (A1 has one; A3 the address packages). */
export const MEMBER_CODES: Record<BatchActivity, readonly string[]> = {
  A1: ["A1.SAVINGS_BOX_RUNNING"],
  A3: ["A3.NEW_ADDRESS_EQUIPMENT", "A3.UPGRADE_EQUIPMENT", "A3.UPGRADE_DIRECT_COSTS"],
};

export const isBatchActivity = (v: string | undefined): v is BatchActivity =>
  v === "A1" || v === "A3";

const notice = (text: string, kind: "ok" | "error") =>
  `<p class="notice ${kind}" role="${kind === "error" ? "alert" : "status"}">${esc(text)}</p>`;

/** The commune's batches, newest first. */
export function batchListBody(
  lang: Lang,
  batches: readonly Batch[],
  o: { mayCreate: boolean; communeId: string },
): string {
  const rows = batches
    .map(
      (b) =>
        `<li><a href="/app/batches/${esc(b.id)}"><strong>${esc(b.title)}</strong></a> <span class="badge">${esc(b.activity)}</span> ${b.period ? esc(b.period) : ""}<div class="meta">${b.members.length} ${esc(bt(lang, "members").toLowerCase())} · ${esc(bt(lang, b.status === "DRAFT" ? "progressDRAFT" : "submitted"))} · ${esc(localTime(lang, b.createdAt))}</div></li>`,
    )
    .join("");
  return `<h1>${esc(bt(lang, "batches"))}</h1><p class="meta">${esc(bt(lang, "commune"))}: ${esc(o.communeId)}</p>
${o.mayCreate ? `<p class="actions"><a href="/app/batches/new">${esc(bt(lang, "newBatch"))} (A1)</a> <a href="/app/batches/new?activity=A3">${esc(bt(lang, "newBatch"))} (A3)</a></p>` : ""}
${rows ? `<ul class="cards">${rows}</ul>` : `<p>${esc(bt(lang, "none"))}</p>`}`;
}

export interface NewBatchForm {
  values: Record<string, string>;
  /** Form field → message. */
  errors: Record<string, string>;
}

/**
 * The form that builds a batch from the commune's registered beneficiaries of the activity: one
 * row per entry with a checkbox and its amounts. Field names: `pick.<i>` (the entry's id),
 * `amount.<i>`, `months.<i>` and `start.<i>` (A1), `code.<i>` (A3).
 */
export function newBatchBody(
  lang: Lang,
  activity: BatchActivity,
  entries: readonly RegistryEntry[],
  csrf: string,
  form: NewBatchForm = { values: {}, errors: {} },
): string {
  const v = (k: string, d = "") => esc(form.values[k] ?? d);
  const err = (k: string) =>
    form.errors[k] ? `<p class="field-error" id="e-${esc(k)}">${esc(form.errors[k])}</p>` : "";
  const invalid = (k: string) =>
    form.errors[k] ? ` aria-invalid="true" aria-describedby="e-${esc(k)}"` : "";
  const rows = entries
    .slice(0, MAX_BATCH_MEMBERS)
    .map((b, i) => {
      const picked = form.values[`pick.${i}`] === b.id;
      const a1 = `<label>${esc(bt(lang, "months"))}<input type="number" name="months.${i}" min="1" max="3" value="${v(`months.${i}`, "3")}"></label><label>${esc(bt(lang, "startMonth"))}<input type="month" name="start.${i}" value="${v(`start.${i}`, (b.details as { foundedOn?: string }).foundedOn?.slice(0, 7) ?? "")}"${invalid(`start.${i}`)}></label>`;
      const a3 = `<label>${esc(bt(lang, "item"))}<select name="code.${i}">${MEMBER_CODES.A3.map((c) => `<option${form.values[`code.${i}`] === c ? " selected" : ""}>${esc(c)}</option>`).join("")}</select></label>`;
      return `<li><label><input type="checkbox" name="pick.${i}" value="${esc(b.id)}"${picked ? " checked" : ""}> <strong>${esc(b.name ?? b.id)}</strong> <span class="meta">${esc(b.id)}</span></label>${err(`pick.${i}`)}
<div class="row"><label>${esc(bt(lang, "amount"))}<input type="number" name="amount.${i}" min="1" step="1" inputmode="numeric" value="${v(`amount.${i}`, activity === "A1" ? "1500000" : "")}"${invalid(`amount.${i}`)}></label>${activity === "A1" ? a1 : a3}</div>${err(`amount.${i}`)}${err(`start.${i}`)}</li>`;
    })
    .join("");
  const other = activity === "A1" ? "A3" : "A1";
  return `<h1>${esc(bt(lang, "newBatch"))}</h1>
<p><strong>${esc(bt(lang, activity === "A1" ? "activityA1" : "activityA3"))}</strong> · <a href="/app/batches/new?activity=${other}">${esc(bt(lang, other === "A1" ? "activityA1" : "activityA3"))}</a></p>
${form.errors[""] ? notice(form.errors[""], "error") : ""}
<form method="post" action="/app/batches">${csrfField(csrf)}<input type="hidden" name="activity" value="${activity}">
<label>${esc(bt(lang, "title"))}<input type="text" name="title" maxlength="200" required value="${v("title")}"${invalid("title")}></label>${err("title")}
<label>${esc(bt(lang, "period"))}<input type="text" name="period" maxlength="7" pattern="\\d{4}-Q[1-4]" value="${v("period")}"${invalid("period")}></label>${err("period")}
<h2>${esc(bt(lang, "members"))}</h2>
${rows ? `<ul class="cards">${rows}</ul>` : `<p>${esc(bt(lang, "noGroups"))}</p>`}
<p class="actions"><button type="submit">${esc(bt(lang, "create"))}</button></p></form>`;
}

/** The API's field errors on the batch form's fields (`members.<n>` is the n-th picked row). */
export function formErrorsOf(
  lang: Lang,
  errors: readonly FieldError[],
  rowOfMember: readonly number[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const m = /^members\.(\d+)(?:\.(\w+))?(?:\.(\d+)\.(\w+))?/.exec(e.field);
    const msg = localizeMessage(lang, e.message);
    if (!m) {
      out[e.field === "members" ? "" : e.field] = msg;
      continue;
    }
    const row = rowOfMember[Number(m[1])];
    if (row === undefined) {
      out[""] = bt(lang, "tooMany");
      continue;
    }
    const leaf = m[4] ?? m[2];
    const name =
      leaf === "supportAmount" || leaf === "totalCost"
        ? "amount"
        : leaf === "startMonth"
          ? "start"
          : "pick";
    out[`${name}.${row}`] = msg;
  }
  return out;
}

const normCell = (lang: Lang, m: MemberView) =>
  m.norms
    ? m.norms.passed
      ? `<span class="badge b-ok">${esc(bt(lang, "normsOk"))}</span>`
      : `<span class="badge b-bad">${esc(bt(lang, "normsBad"))}</span><div class="meta">${m.norms.failed.map((f) => esc(f.replace(/^\S+: /, ""))).join("<br>")}</div>`
    : "";

const DECISIONS = ["approve", "return", "reject"] as const;

/** The batch page: facts, every member, and what the reader may do. */
export function batchPageBody(
  lang: Lang,
  r: BatchRead,
  o: {
    role: Parameters<typeof roleMay>[0];
    csrf: string;
    notice?: { text: string; kind: "ok" | "error" } | undefined;
    communeName?: string | undefined;
  },
): string {
  const b = r.batch;
  const action = `/app/batches/${encodeURIComponent(b.id)}`;
  const mayDecide = roleMay(o.role, "task.decide");
  const maySubmit = roleMay(o.role, "proposal.submit");
  const open = r.members.filter((m) => m.status === "IN_REVIEW" && m.currentTaskId);
  const total = r.members.reduce((s, m) => s + m.amount, 0);
  const counts = Object.entries(countsOf(r.members))
    .map(
      ([s, n]) =>
        `${esc(s === "MISSING" ? bt(lang, "notWritten") : statusName(lang, s as ProposalStatus))}: ${n}`,
    )
    .join(" · ");
  const rows = r.members
    .map((m, i) => {
      const pick =
        mayDecide && m.status === "IN_REVIEW" && m.currentTaskId
          ? `<label>${esc(bt(lang, "decideItems"))}<select name="d.${esc(m.proposalId)}"><option value="">${esc(bt(lang, "leaveBlank"))}</option>${DECISIONS.map((d) => `<option value="${d}">${esc(bt(lang, d))}</option>`).join("")}</select></label><label>${esc(bt(lang, "comment"))}<input type="text" name="c.${esc(m.proposalId)}" maxlength="2000"></label>`
          : "";
      const ref = m.reference
        ? `<a href="/app/proposals/${esc(m.proposalId)}">${esc(m.reference)}</a>`
        : esc(bt(lang, "notWritten"));
      return `<li><strong>${i + 1}. ${esc(m.beneficiaryName ?? m.beneficiaryId)}</strong> ${m.status ? statusBadge(lang, m.status) : ""}<div class="meta">${ref} · ${esc(money(lang, m.amount))}${m.decision ? ` · ${esc(bt(lang, m.decision.decision))} – ${esc(m.decision.by)}, ${esc(localTime(lang, m.decision.at))}` : ""}</div>${m.statusReason ? `<div class="meta">${esc(m.statusReason)}</div>` : ""}${normCell(lang, m)}${pick}</li>`;
    })
    .join("");
  const list = `<ul class="cards">${rows}</ul>`;
  const submit =
    maySubmit && r.members.some((m) => !m.status || m.status === "DRAFT")
      ? `<form method="post" action="${esc(action)}">${csrfField(o.csrf)}<input type="hidden" name="op" value="submit"><input type="hidden" name="_version" value="${b.version}"><p class="actions"><button type="submit">${esc(bt(lang, "submit"))}</button></p></form>`
      : "";
  const decideItems =
    mayDecide && open.length > 0
      ? `<form method="post" action="${esc(action)}">${csrfField(o.csrf)}<input type="hidden" name="op" value="decideItems"><h2>${esc(bt(lang, "members"))}</h2>${list}<p class="actions"><button type="submit">${esc(bt(lang, "apply"))}</button></p></form>`
      : `<h2>${esc(bt(lang, "members"))}</h2>${list}`;
  const decideAll =
    mayDecide && open.length > 0
      ? `<form method="post" action="${esc(action)}"><fieldset><legend>${esc(bt(lang, "decideAll"))} (${open.length})</legend>${csrfField(o.csrf)}<input type="hidden" name="op" value="decideAll"><p class="hint">${esc(bt(lang, "decideAllHint"))}</p><label>${esc(bt(lang, "decideAll"))}<select name="decision">${DECISIONS.map((d) => `<option value="${d}">${esc(bt(lang, d))}</option>`).join("")}</select></label><label>${esc(bt(lang, "comment"))}<input type="text" name="comment" maxlength="2000"></label><p class="actions"><button type="submit">${esc(bt(lang, "decideAll"))}</button></p></fieldset></form>`
      : "";
  return `<h1>${esc(b.title)} <span class="badge">${esc(b.activity)}</span></h1>
${o.notice ? notice(o.notice.text, o.notice.kind) : ""}
<dl><dt>${esc(bt(lang, "progress"))}</dt><dd>${esc(bt(lang, `progress${r.progress}`))}</dd>
${b.period ? `<dt>${esc(bt(lang, "period"))}</dt><dd>${esc(b.period)}</dd>` : ""}
<dt>${esc(bt(lang, "commune"))}</dt><dd>${esc(o.communeName ?? b.communeId)}</dd>
<dt>${esc(bt(lang, "members"))}</dt><dd>${r.members.length} · ${counts}</dd>
<dt>${esc(bt(lang, "total"))}</dt><dd>${esc(money(lang, total))}</dd>
<dt>${esc(bt(lang, "createdAt"))}</dt><dd>${esc(localTime(lang, b.createdAt))}</dd></dl>
${submit}${decideAll}${decideItems}<p><a href="/app/batches?communeId=${esc(b.communeId)}">${esc(bt(lang, "batches"))}</a></p>`;
}
