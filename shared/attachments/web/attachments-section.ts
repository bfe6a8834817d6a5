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
import { EXTENSIONS } from "../domain/attachment.ts";
import type { AttachmentEntry } from "../use-cases/read.ts";

export const L = (lang: Lang, vi: string, en: string) => (lang === "vi" ? vi : en);

export const attachmentsPath = (proposalId: string) =>
  `/app/proposals/${encodeURIComponent(proposalId)}/attachments`;

export const kindName = (lang: Lang, kind: string) => ATTACHMENT_KIND_NAMES[kind]?.[lang] ?? kind;

function size(lang: Lang, bytes: number): string {
  const kb = bytes / 1024;
  const n = kb < 1024 ? `${Math.max(1, Math.round(kb))} KB` : `${(kb / 1024).toFixed(1)} MB`;
  return lang === "vi" ? n.replace(".", ",") : n;
}

export function attachmentsSection(
  lang: Lang,
  proposalId: string,
  attachments: readonly AttachmentEntry[],
  names: ReadonlyMap<string, string>,
  /** The upload form (attachments-form.ts), for whoever may attach now. */
  form = "",
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
  return `<h2 id="attachments">${esc(L(lang, "Tệp đính kèm", "Attachments"))}</h2>${list}${form}`;
}
