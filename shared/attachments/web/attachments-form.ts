/** The attachment form: works without JavaScript; the inline script resizes and uploads to S3. */
import { esc } from "../../web/html.ts";
import type { Lang } from "../../web/i18n.ts";
import { type AttachmentKind, SENT_FILE_MAX_BYTES } from "../domain/attachment.ts";
import { ATTACHMENT_SCRIPT } from "./attachment-script.ts";
import { attachmentsPath, kindName, L } from "./attachments-section.ts";

export interface AttachmentForm {
  csrf: string;
  kinds: readonly AttachmentKind[];
  /** Which page the form returns to. */
  back: "proposal" | "finance";
}

/** The form for `kinds` (none: no form). */
export function attachmentForm(lang: Lang, proposalId: string, form: AttachmentForm): string {
  if (form.kinds.length === 0) return "";
  return uploadForm(lang, attachmentsPath(proposalId), form);
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
