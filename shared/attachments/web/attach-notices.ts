/**
 * Why the attachment form refused a file, as a code in the address of the page it returns to
 * (`?attachError=<code>`): the page says it in the reader's words. Codes only, never the file's
 * name or anything from it.
 */
import type { DomainError } from "../../kernel/errors.ts";
import { ValidationError } from "../../kernel/errors.ts";
import type { Lang } from "../../web/i18n.ts";
import { SENT_FILE_MAX_BYTES } from "../domain/attachment.ts";

export type AttachErrorCode = "kind" | "file" | "size" | "state" | "tooLarge" | "csrf" | "other";

/** The code of a refusal. */
export function attachErrorCode(err: DomainError): AttachErrorCode {
  if (err instanceof ValidationError) {
    const fields = new Set(err.errors.map((e) => e.field));
    if (fields.has("kind")) return "kind";
    if (fields.has("size")) return "size";
    if (fields.has("file") || fields.has("contentType")) return "file";
  }
  if (err.status === 409) return "state";
  if (err.status === 413) return "tooLarge";
  return "other";
}

const MB = SENT_FILE_MAX_BYTES / 1024 / 1024;
const TEXTS: Record<AttachErrorCode, { vi: string; en: string }> = {
  kind: {
    vi: "Loại tài liệu này không do vai trò của bạn đính kèm.",
    en: "Your role does not attach this kind of document.",
  },
  file: {
    vi: "Tệp phải là PDF, JPEG hoặc PNG đúng như loại đã chọn, tối đa 10 MB.",
    en: "The file must be a PDF, JPEG or PNG of the type it claims, at most 10 MB.",
  },
  size: {
    vi: "Tệp rỗng hoặc quá lớn (tối đa 10 MB).",
    en: "The file is empty or too large (at most 10 MB).",
  },
  state: {
    vi: "Đề xuất ở trạng thái này không nhận thêm tệp đính kèm.",
    en: "The proposal takes no attachments in this state.",
  },
  tooLarge: {
    vi: `Trình duyệt không chạy JavaScript: tệp tối đa ${MB} MB.`,
    en: `Without JavaScript a file may be at most ${MB} MB.`,
  },
  csrf: {
    vi: "Phiên làm việc không hợp lệ; tải lại trang.",
    en: "Invalid form session; reload the page.",
  },
  other: { vi: "Không đính kèm được tệp.", en: "The file could not be attached." },
};

export const attachErrorText = (lang: Lang, code: AttachErrorCode): string => TEXTS[code][lang];

/** The notice a page shows for `?attachError=` (unknown codes: none). */
export function attachNotice(lang: Lang, code: string | undefined): string | undefined {
  return code && code in TEXTS ? TEXTS[code as AttachErrorCode][lang] : undefined;
}
