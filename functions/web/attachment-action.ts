import { attachmentPorts as ports } from "../../shared/attachments/adapters/ports.ts";
import { sniffType } from "../../shared/attachments/domain/attachment.ts";
import { SENT_FILE_MAX_BYTES, WebAttachmentAction } from "../../shared/attachments/routes.ts";
import {
  attachSentFile,
  confirmUpload,
  requestUpload,
} from "../../shared/attachments/use-cases/attachments.ts";
import { attachmentsPath } from "../../shared/attachments/web/attachments-section.ts";
import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { dynamoFundingReader } from "../../shared/funding/adapters/dynamo-funding-reader.ts";
import { checkBodySize, headerOf, rawBody } from "../../shared/http/edge.ts";
import { DomainError, PayloadTooLargeError, ValidationError } from "../../shared/kernel/errors.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import type { PageCtx, PageResult } from "../../shared/web/handler.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import type { Lang } from "../../shared/web/i18n.ts";
import { boundaryOf, MultipartError, parseMultipart } from "../../shared/web/multipart.ts";
import { csrfValid, type WebSession } from "../../shared/web/session.ts";
import { renderFinancePage } from "./finance-proposal.ts";
import { renderProposalPage } from "./proposal-view.ts";

const proposalPagePorts = {
  proposals: dynamoProposalStore,
  directory: dynamoDirectory,
  funding: dynamoFundingReader,
};

const L = (lang: Lang, vi: string, en: string) => (lang === "vi" ? vi : en);

/** What went wrong, in the reader's words (the API's problem names the field in English). */
function reason(lang: Lang, err: DomainError): string {
  if (err instanceof ValidationError) {
    const fields = new Set(err.errors.map((e) => e.field));
    const says: string[] = [];
    if (fields.has("kind"))
      says.push(
        L(
          lang,
          "Loại tài liệu này không do vai trò của bạn đính kèm.",
          "Your role does not attach this kind of document.",
        ),
      );
    if (fields.has("contentType") || fields.has("file"))
      says.push(
        L(
          lang,
          "Tệp phải là PDF, JPEG hoặc PNG đúng như tên loại, tối đa 10 MB.",
          "The file must be a PDF, JPEG or PNG of the type it claims, at most 10 MB.",
        ),
      );
    if (fields.has("size"))
      says.push(
        L(
          lang,
          "Tệp rỗng hoặc quá lớn (tối đa 10 MB).",
          "The file is empty or too large (at most 10 MB).",
        ),
      );
    if (says.length > 0) return says.join(" ");
  }
  if (err.status === 409)
    return L(
      lang,
      "Đề xuất ở trạng thái này không nhận thêm tệp đính kèm.",
      "The proposal takes no attachments in this state.",
    );
  if (err.status === 413)
    return L(
      lang,
      `Không có JavaScript, tệp tối đa ${SENT_FILE_MAX_BYTES / 1024 / 1024} MB.`,
      `Without JavaScript a file may be at most ${SENT_FILE_MAX_BYTES / 1024 / 1024} MB.`,
    );
  return err.message;
}

function back(
  ctx: PageCtx,
  s: WebSession,
  id: string,
  to: string | undefined,
  status: number,
  text?: string,
): Promise<PageResult> | PageResult {
  if (!text) {
    const page = to === "finance" ? "finance" : "proposals";
    return ctx.redirect(`/app/${page}/${encodeURIComponent(id)}?attached=1#attachments`);
  }
  return to === "finance"
    ? renderFinancePage(ctx, s, id, status, { text, kind: "error" })
    : renderProposalPage(proposalPagePorts, ctx, s, id, status, { text, kind: "error" });
}

const jsonResult = (status: number, body: unknown): PageResult => ({
  statusCode: status,
  headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  body: JSON.stringify(body),
});

/**
 * POST /app/proposals/{id}/attachments. Without JavaScript: multipart with the file (at most
 * 4 MiB), checked and attached, 303 back. With the page's script: `op=presign` answers JSON
 * with the presigned PUT (the URL is never logged), `op=confirm` attaches the upload, 303 back.
 * The CSRF token is bound to this path.
 */
export const { handler, lambdaHandler } = pageHandler(WebAttachmentAction, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const id = ctx.path("id");
  const action = attachmentsPath(id);
  const tx = ctx.tx(s, "web");
  const boundary = boundaryOf(headerOf(ctx.event, "content-type"));
  if (boundary) {
    let fields: Record<string, string> = {};
    try {
      checkBodySize(ctx.event, WebAttachmentAction.request.maxBodyBytes);
      const parts = parseMultipart(rawBody(ctx.event), boundary);
      const field = (name: string) =>
        parts.find((p) => p.name === name && p.filename === undefined)?.data.toString("utf8");
      fields = { back: field("back") ?? "" };
      if (!csrfValid(s, action, field("_csrf")))
        return back(
          ctx,
          s,
          id,
          fields.back,
          403,
          L(
            ctx.lang,
            "Phiên làm việc không hợp lệ; tải lại trang.",
            "Invalid form session; reload the page.",
          ),
        );
      const file = parts.find((p) => p.name === "file" && p.filename !== undefined);
      if (!file || file.data.length === 0)
        throw new ValidationError("no file", [{ field: "file", message: "required" }]);
      if (file.data.length > SENT_FILE_MAX_BYTES)
        throw new PayloadTooLargeError(
          "the file is too large to send without JavaScript",
          SENT_FILE_MAX_BYTES,
        );
      await attachSentFile(ports, s.actor, tx, id, {
        kind: field("kind") ?? "",
        // The first bytes say what the file is; the browser's guess only when they say nothing.
        contentType: sniffType(file.data) ?? file.contentType ?? "",
        bytes: file.data,
      });
      return back(ctx, s, id, fields.back, 303);
    } catch (err) {
      if (err instanceof MultipartError) return back(ctx, s, id, fields.back, 400, err.message);
      if (
        err instanceof DomainError &&
        err.status < 500 &&
        err.status !== 403 &&
        err.status !== 404
      )
        return back(ctx, s, id, fields.back, err.status, reason(ctx.lang, err));
      throw err;
    }
  }
  const form = ctx.form();
  if (!csrfValid(s, action, form._csrf)) {
    return form.op === "presign"
      ? jsonResult(403, {
          title: "invalid form session",
          detail: L(
            ctx.lang,
            "Phiên làm việc không hợp lệ; tải lại trang.",
            "Invalid form session; reload the page.",
          ),
        })
      : back(
          ctx,
          s,
          id,
          form.back,
          403,
          L(
            ctx.lang,
            "Phiên làm việc không hợp lệ; tải lại trang.",
            "Invalid form session; reload the page.",
          ),
        );
  }
  if (form.op === "presign") {
    try {
      const ticket = await requestUpload(ports, s.actor, tx, id, {
        kind: form.kind ?? "",
        contentType: form.contentType ?? "",
        size: Number(form.size ?? 0),
      });
      return jsonResult(201, ticket);
    } catch (err) {
      if (err instanceof DomainError && err.status < 500)
        return jsonResult(err.status, { title: err.message, detail: reason(ctx.lang, err) });
      throw err;
    }
  }
  try {
    if (form.op !== "confirm" || !/^[0-9a-f-]{36}$/.test(form.attachmentId ?? ""))
      throw new ValidationError("unknown form", [{ field: "op", message: "presign | confirm" }]);
    await confirmUpload(ports, s.actor, tx, id, form.attachmentId ?? "");
    return back(ctx, s, id, form.back, 303);
  } catch (err) {
    if (err instanceof DomainError && err.status < 500 && err.status !== 403 && err.status !== 404)
      return back(ctx, s, id, form.back, err.status, reason(ctx.lang, err));
    throw err;
  }
});
