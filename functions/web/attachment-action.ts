import { attachmentPorts as ports } from "../../shared/attachments/adapters/ports.ts";
import { sniffType } from "../../shared/attachments/domain/attachment.ts";
import { SENT_FILE_MAX_BYTES, WebAttachmentAction } from "../../shared/attachments/routes.ts";
import {
  attachSentFile,
  confirmUpload,
  requestUpload,
} from "../../shared/attachments/use-cases/upload.ts";
import {
  type AttachErrorCode,
  attachErrorCode,
  attachErrorText,
} from "../../shared/attachments/web/attach-notices.ts";
import { attachmentsPath } from "../../shared/attachments/web/attachments-section.ts";
import { checkBodySize, headerOf, rawBody } from "../../shared/http/edge.ts";
import { DomainError, PayloadTooLargeError, ValidationError } from "../../shared/kernel/errors.ts";
import type { PageCtx, PageResult } from "../../shared/web/handler.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { boundaryOf, MultipartError, parseMultipart } from "../../shared/web/multipart.ts";
import { csrfValid } from "../../shared/web/session.ts";

/** 303 back to the page the form was on: attached, or the refusal's code for the page to say. */
function back(ctx: PageCtx, id: string, to: string | undefined, error?: AttachErrorCode) {
  const page = to === "finance" ? "finance" : "proposals";
  const q = error ? `attachError=${error}` : "attached=1";
  return ctx.redirect(`/app/${page}/${encodeURIComponent(id)}?${q}#attachments`);
}

/** Refusals a person can act on go back to the page; 403, 404 and 5xx are the error pages. */
const refusal = (err: unknown): err is DomainError =>
  err instanceof DomainError && err.status < 500 && err.status !== 403 && err.status !== 404;

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
    let to: string | undefined;
    try {
      checkBodySize(ctx.event, WebAttachmentAction.request.maxBodyBytes);
      const parts = parseMultipart(rawBody(ctx.event), boundary);
      const field = (name: string) =>
        parts.find((p) => p.name === name && p.filename === undefined)?.data.toString("utf8");
      to = field("back");
      if (!csrfValid(s, action, field("_csrf"))) return back(ctx, id, to, "csrf");
      const file = parts.find((p) => p.name === "file" && p.filename !== undefined);
      if (!file || file.data.length === 0)
        throw new ValidationError("no file", [{ field: "file", message: "required" }]);
      if (file.data.length > SENT_FILE_MAX_BYTES)
        throw new PayloadTooLargeError("too large without JavaScript", SENT_FILE_MAX_BYTES);
      await attachSentFile(ports, s.actor, tx, id, {
        kind: field("kind") ?? "",
        // The first bytes say what the file is; the browser's guess only when they say nothing.
        contentType: sniffType(file.data) ?? file.contentType ?? "",
        bytes: file.data,
      });
      return back(ctx, id, to);
    } catch (err) {
      if (err instanceof MultipartError) return back(ctx, id, to, "file");
      if (refusal(err)) return back(ctx, id, to, attachErrorCode(err));
      throw err;
    }
  }
  const form = ctx.form();
  if (form.op === "presign") {
    if (!csrfValid(s, action, form._csrf))
      return jsonResult(403, {
        title: "invalid form session",
        detail: attachErrorText(ctx.lang, "csrf"),
      });
    try {
      const ticket = await requestUpload(ports, s.actor, tx, id, {
        kind: form.kind ?? "",
        contentType: form.contentType ?? "",
        size: Number(form.size ?? 0),
      });
      return jsonResult(201, ticket);
    } catch (err) {
      if (err instanceof DomainError && err.status < 500)
        return jsonResult(err.status, {
          title: err.message,
          detail: attachErrorText(ctx.lang, attachErrorCode(err)),
        });
      throw err;
    }
  }
  if (!csrfValid(s, action, form._csrf)) return back(ctx, id, form.back, "csrf");
  try {
    if (form.op !== "confirm" || !/^[0-9a-f-]{36}$/.test(form.attachmentId ?? ""))
      throw new ValidationError("unknown form", [{ field: "op", message: "presign | confirm" }]);
    await confirmUpload(ports, s.actor, tx, id, form.attachmentId ?? "");
    return back(ctx, id, form.back);
  } catch (err) {
    if (refusal(err)) return back(ctx, id, form.back, attachErrorCode(err));
    throw err;
  }
});
