/** The attachments domain: who attaches what, when, and how an uploaded file is checked. */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  attachChange,
  checkUploadedBytes,
  checkUploadRequest,
  downloadName,
  MAX_ATTACHMENT_BYTES,
  sniffType,
} from "../../../shared/attachments/domain/attachment.ts";
import { fileKey, pendingKey } from "../../../shared/attachments/domain/keys.ts";
import {
  ForbiddenError,
  StateConflictError,
  ValidationError,
} from "../../../shared/kernel/errors.ts";
import type { Proposal } from "../../../shared/proposals/domain/proposal.ts";

const PDF = Buffer.from("%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n", "latin1");
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const HTML = Buffer.from("<html><script>alert(1)</script></html>");

const fieldsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.errors.map((e) => e.field);
    throw err;
  }
  return [];
};

describe("GIVEN an upload request WHEN the domain checks it", () => {
  it("THEN the commune attaches its documents and photos, finance the payment voucher, no one else anything", () => {
    const ok = { contentType: "application/pdf", size: 1000 };
    expect(
      checkUploadRequest("commune_officer", "DRAFT", { kind: "signed_proposal", ...ok }),
    ).toEqual({
      kind: "signed_proposal",
      ...ok,
    });
    expect(
      fieldsOf(() =>
        checkUploadRequest("commune_officer", "DRAFT", { kind: "payment_voucher", ...ok }),
      ),
    ).toEqual(["kind"]);
    expect(
      checkUploadRequest("finance_officer", "DISBURSING", { kind: "payment_voucher", ...ok }).kind,
    ).toBe("payment_voucher");
    expect(
      fieldsOf(() => checkUploadRequest("finance_officer", "DISBURSING", { kind: "photo", ...ok })),
    ).toEqual(["kind"]);
    expect(() => checkUploadRequest("approver", "IN_REVIEW", { kind: "other", ...ok })).toThrow(
      ForbiddenError,
    );
    expect(() => checkUploadRequest("auditor", "IN_REVIEW", { kind: "other", ...ok })).toThrow(
      ForbiddenError,
    );
  });

  it("THEN types other than PDF, JPEG and PNG, empty files and files over 10 MiB are refused, naming the field", () => {
    expect(
      fieldsOf(() =>
        checkUploadRequest("commune_officer", "DRAFT", {
          kind: "photo",
          contentType: "text/html",
          size: 10,
        }),
      ),
    ).toEqual(["contentType"]);
    for (const size of [0, -1, 1.5, MAX_ATTACHMENT_BYTES + 1]) {
      expect(
        fieldsOf(() =>
          checkUploadRequest("commune_officer", "DRAFT", {
            kind: "photo",
            contentType: "image/png",
            size,
          }),
        ),
      ).toEqual(["size"]);
    }
    expect(
      fieldsOf(() =>
        checkUploadRequest("commune_officer", "DRAFT", {
          kind: "photo",
          contentType: "image/png",
          size: MAX_ATTACHMENT_BYTES,
        }),
      ),
    ).toEqual([]);
  });

  it("THEN a closed, rejected or cancelled proposal takes no attachment (409)", () => {
    for (const status of ["CLOSED", "REJECTED", "CANCELLED"] as const) {
      expect(() =>
        checkUploadRequest("commune_officer", status, {
          kind: "photo",
          contentType: "image/png",
          size: 1,
        }),
      ).toThrow(StateConflictError);
    }
  });
});

describe("GIVEN uploaded bytes WHEN checked", () => {
  it("THEN their first bytes decide the type, whatever was claimed", () => {
    expect(sniffType(PDF)).toBe("application/pdf");
    expect(sniffType(JPEG)).toBe("image/jpeg");
    expect(sniffType(PNG)).toBe("image/png");
    expect(sniffType(HTML)).toBeUndefined();
    expect(() =>
      checkUploadedBytes({ contentType: "application/pdf", size: PDF.length }, PDF),
    ).not.toThrow();
    expect(fieldsOf(() => checkUploadedBytes({ contentType: "image/jpeg" }, PDF))).toEqual([
      "file",
    ]);
    expect(fieldsOf(() => checkUploadedBytes({ contentType: "application/pdf" }, HTML))).toEqual([
      "file",
    ]);
  });

  it("THEN a size other than announced, or no bytes, is refused", () => {
    expect(
      fieldsOf(() =>
        checkUploadedBytes({ contentType: "application/pdf", size: PDF.length + 1 }, PDF),
      ),
    ).toEqual(["file"]);
    expect(
      fieldsOf(() => checkUploadedBytes({ contentType: "application/pdf" }, new Uint8Array())),
    ).toEqual(["file"]);
  });
});

describe("GIVEN a checked file WHEN it is attached", () => {
  const p = {
    id: "p1",
    reference: "P8-2026-000007",
    status: "IN_REVIEW",
    version: 4,
    updatedAt: "2026-06-01T00:00:00Z",
  } as Proposal;
  const a = {
    id: "0b7c3c1e-1111-4222-8333-444455556666",
    proposalId: "p1",
    kind: "signed_proposal" as const,
    contentType: "application/pdf" as const,
    size: 10,
    sha256: "ab".repeat(32),
    sealed: false,
    uploadedBy: "commune.batxat",
    uploadedAt: "2026-06-02T00:00:00Z",
  };
  const ctx = {
    actor: { id: "commune.batxat", role: "commune_officer" as const, unitId: "C-BATXAT" },
    channel: "web" as const,
    at: "2026-06-02T00:00:00Z",
  };

  it("THEN the proposal keeps its state, counts the file, and the audit event carries the SHA-256", () => {
    const { next, event } = attachChange(p, a, ctx);
    expect(next).toMatchObject({ status: "IN_REVIEW", version: 5, attachmentCount: 1 });
    expect(event).toEqual({
      type: "attachment.added",
      from: "IN_REVIEW",
      to: "IN_REVIEW",
      data: {
        attachmentId: a.id,
        kind: "signed_proposal",
        contentType: "application/pdf",
        size: 10,
        sha256: a.sha256,
        sealed: false,
      },
    });
    expect(() => attachChange({ ...p, status: "CLOSED" }, a, ctx)).toThrow(StateConflictError);
  });

  it("THEN keys and download names carry ids, the reference and the kind, never a person's file name", () => {
    expect(pendingKey("p1", a.id)).toBe(`pending/p1/${a.id}`);
    expect(fileKey("p1", a.id)).toBe(`files/p1/${a.id}`);
    expect(downloadName(p.reference, a)).toBe("P8-2026-000007-signed-proposal-0b7c3c1e.pdf");
  });
});

describe("GIVEN the attachment form's inline script WHEN pages are served", () => {
  it("THEN the pages' CSP allows exactly it, and lets it reach only this origin and S3", async () => {
    const { ATTACHMENT_SCRIPT } = await import(
      "../../../shared/attachments/web/attachment-script.ts"
    );
    const { PAGE_HEADERS } = await import("../../../shared/web/handler.ts");
    const { attachmentUploadOrigin } = await import(
      "../../../shared/attachments/web/attachment-csp.ts"
    );
    const hash = createHash("sha256").update(ATTACHMENT_SCRIPT).digest("base64");
    const csp = PAGE_HEADERS["content-security-policy"];
    expect(csp).toContain(`'sha256-${hash}'`);
    expect(csp).toContain(`connect-src 'self' ${attachmentUploadOrigin()};`);
    expect(attachmentUploadOrigin({ AWS_ENDPOINT_URL_S3: "http://127.0.0.1:8086" })).toBe(
      "http://127.0.0.1:8086",
    );
    expect(attachmentUploadOrigin({ AWS_REGION: "ap-southeast-1" })).toBe(
      "https://*.s3.ap-southeast-1.amazonaws.com",
    );
  });
});
