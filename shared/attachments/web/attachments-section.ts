/**
 * The attachments section of the proposal, task and finance pages: the files (kind, type,
 * size, date, who, the start of the SHA-256) with a download link for readers who may open
 * them, and, for who may attach, the form (works without JavaScript; the script resizes photos
 * and uploads straight to S3). Never a file name a person chose.
 */
import { formatDateTime } from "../../kernel/display.ts";
import { ATTACHMENT_KIND_NAMES } from "../../kernel/vocabulary.ts";
import { esc } from "../../web/html.ts";
import type { Lang } from "../../web/i18n.ts";
import { type AttachmentKind, EXTENSIONS } from "../domain/attachment.ts";
import { SENT_FILE_MAX_BYTES } from "../routes.ts";
import type { AttachmentEntry } from "../use-cases/attachments.ts";
import { ATTACHMENT_SCRIPT } from "./attachment-script.ts";

const L = (lang: Lang, vi: string, en: string) => (lang === "vi" ? vi : en);

export const attachmentsPath = (proposalId: string) =>
  `/app/proposals/${encodeURIComponent(proposalId)}/attachments`;

const kindName = (lang: Lang, kind: string) => ATTACHMENT_KIND_NAMES[kind]?.[lang] ?? kind;

function size(lang: Lang, bytes: number): string {
  const kb = bytes / 1024;
  const n = kb < 1024 ? `${Math.max(1, Math.round(kb))} KB` : `${(kb / 1024).toFixed(1)} MB`;
  return lang === "vi" ? n.replace(".", ",") : n;
}

export interface AttachmentForm {
  csrf: string;
  kinds: readonly AttachmentKind[];
  /** Which page the form returns to. */
  back: "proposal" | "finance";
}

export function attachmentsSection(
  lang: Lang,
  proposalId: string,
  attachments: readonly AttachmentEntry[],
  names: ReadonlyMap<string, string>,
  form?: AttachmentForm,
): string {
  const base = attachmentsPath(proposalId);
  const items = attachments
    .map((a) => {
      const what = `${esc(kindName(lang, a.kind))} (${EXTENSIONS[a.contentType].toUpperCase()}, ${esc(size(lang, a.size))})`;
      const open = a.mayDownload
        ? `<a href="${esc(`${base}/${a.id}`)}">${what}</a>`
        : `${what} – ${esc(L(lang, "hồ sơ bảo mật, chỉ người có quyền xem thông tin cá nhân mới mở được", "confidential: only roles that may read personal data open it"))}`;
      const who = names.get(a.uploadedBy);
      return `<li>${open}<br><span class="meta">${esc(formatDateTime(lang, a.uploadedAt))}${who ? ` · ${esc(who)}` : ""} · SHA-256 ${esc(a.sha256.slice(0, 12))}…</span></li>`;
    })
    .join("");
  const list = items
    ? `<ul class="attachments">${items}</ul>`
    : `<p class="meta">${esc(L(lang, "Chưa có tệp đính kèm.", "No attachments yet."))}</p>`;
  const upload = form && form.kinds.length > 0 ? uploadForm(lang, base, form) : "";
  return `<h2 id="attachments">${esc(L(lang, "Tệp đính kèm", "Attachments"))}</h2>${list}${upload}`;
}

function uploadForm(lang: Lang, action: string, form: AttachmentForm): string {
  const options = form.kinds
    .map((k) => `<option value="${esc(k)}">${esc(kindName(lang, k))}</option>`)
    .join("");
  const maxMb = Math.round(SENT_FILE_MAX_BYTES / 1024 / 1024);
  return `<form method="post" action="${esc(action)}" enctype="multipart/form-data" data-attach data-busy="${esc(L(lang, "Đang gửi tệp…", "Sending the file…"))}" data-failed="${esc(L(lang, "Không gửi được tệp:", "The file could not be sent:"))}">
<input type="hidden" name="_csrf" value="${esc(form.csrf)}"><input type="hidden" name="back" value="${form.back}">
<label for="att-kind">${esc(L(lang, "Loại tài liệu", "Kind of document"))}</label><select id="att-kind" name="kind">${options}</select>
<label for="att-file">${esc(L(lang, "Tệp (PDF, JPEG hoặc PNG)", "File (PDF, JPEG or PNG)"))}</label><input id="att-file" type="file" name="file" accept="application/pdf,image/jpeg,image/png" required>
<p class="hint">${esc(L(lang, `Tối đa 10 MB; ảnh được thu nhỏ trên máy trước khi gửi. Trình duyệt không chạy JavaScript: tối đa ${maxMb} MB.`, `At most 10 MB; photos are made smaller on the phone before sending. Without JavaScript: at most ${maxMb} MB.`))}</p>
<p class="notice" data-attach-status role="status" hidden></p>
<button type="submit">${esc(L(lang, "Đính kèm", "Attach"))}</button></form><script>${ATTACHMENT_SCRIPT}</script>`;
}
