/**
 * Attachments on the local stack: a presigned PUT to the local S3 (s3rver behind the SigV4 and
 * IAM gateway), the confirm step that reads the bytes back, checks them and writes the SHA-256
 * into the audit history, the list, and the presigned download; a survivor's (A4) document is
 * refused to roles that may not read personal data, and every read of it is recorded.
 */
import { createHash } from "node:crypto";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { AUDIT_TABLE, dynamoOf } from "../support/audit-support.ts";
import { a2Draft, a4Draft, createDraft, U } from "../support/proposals.ts";
import { useStack } from "../support/use-stack.ts";

const stack = useStack();

const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
  "latin1",
);
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

interface Ticket {
  attachmentId: string;
  upload: { url: string; method: string; headers: Record<string, string> };
  confirmPath: string;
}
interface AttachmentJson {
  id: string;
  kind: string;
  size: number;
  sha256: string;
  sealed: boolean;
  mayDownload?: boolean;
}

async function ticket(id: string, user: string, body: Record<string, unknown>) {
  return stack.api<Ticket>("POST", `/v1/proposals/${id}/attachments`, { token: user, body });
}

async function upload(id: string, user: string, bytes: Buffer, kind = "signed_proposal") {
  const t = await ticket(id, user, { kind, contentType: "application/pdf", size: bytes.length });
  expect(t.status, t.text).toBe(201);
  const put = await fetch(t.json.upload.url, {
    method: "PUT",
    headers: t.json.upload.headers,
    body: bytes,
  });
  expect(put.status, await put.text()).toBe(200);
  return t.json;
}

async function confirm(id: string, user: string, attachmentId: string) {
  return stack.api<AttachmentJson>(
    "POST",
    `/v1/proposals/${id}/attachments/${attachmentId}/confirm`,
    { token: user },
  );
}

describe("GIVEN a commune's draft WHEN the signed proposal is attached", () => {
  it("THEN it goes to the local S3 and back, and its SHA-256 is in the audit history", async () => {
    const p = await createDraft(stack, a2Draft());
    const t = await upload(p.id, U.commune, PDF);
    expect(t.upload.url.startsWith(`${stack.urls.s3}/`)).toBe(true);
    expect(t.confirmPath).toBe(`/v1/proposals/${p.id}/attachments/${t.attachmentId}/confirm`);
    // The browser's preflight from the app's own origin is allowed by the bucket's CORS rule
    // (the template names the region's API endpoints; the local app stands for them).
    const appOrigin = new URL(stack.urls.api).origin;
    const preflight = await fetch(t.upload.url, {
      method: "OPTIONS",
      headers: {
        origin: appOrigin,
        "access-control-request-method": "PUT",
        "access-control-request-headers": "content-type",
      },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(appOrigin);
    const elsewhere = await fetch(t.upload.url, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "PUT" },
    });
    expect(elsewhere.status).toBe(403);
    const done = await confirm(p.id, U.commune, t.attachmentId);
    expect(done.status, done.text).toBe(201);
    expect(done.json).toMatchObject({
      kind: "signed_proposal",
      size: PDF.length,
      sha256: sha(PDF),
      sealed: false,
    });
    // Confirming again answers the same attachment and attaches nothing twice.
    const again = await confirm(p.id, U.commune, t.attachmentId);
    expect(again.json.sha256).toBe(sha(PDF));

    const history = await stack.api<{
      chain: { ok: boolean };
      events: { type: string; data?: Record<string, unknown> }[];
    }>("GET", `/v1/proposals/${p.id}/history`, { token: U.auditor });
    const added = history.json.events.filter((e) => e.type === "attachment.added");
    expect(added).toHaveLength(1);
    expect(added[0]?.data).toMatchObject({
      attachmentId: t.attachmentId,
      sha256: sha(PDF),
      size: PDF.length,
    });
    expect(history.json.chain.ok).toBe(true);

    const list = await stack.api<{ attachments: AttachmentJson[] }>(
      "GET",
      `/v1/proposals/${p.id}/attachments`,
      {
        token: U.approver,
      },
    );
    expect(list.json.attachments.map((a) => [a.id, a.mayDownload])).toEqual([
      [t.attachmentId, true],
    ]);

    const got = await stack.api<{ download: { url: string } }>(
      "GET",
      `/v1/proposals/${p.id}/attachments/${t.attachmentId}`,
      { token: U.approver },
    );
    expect(got.status, got.text).toBe(200);
    const file = await fetch(got.json.download.url);
    expect(file.status).toBe(200);
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(sha(bytes)).toBe(sha(PDF));
    // The file is named by reference and kind, never by the name the uploader's file had.
    expect(file.headers.get("content-disposition") ?? "").toMatch(
      /^attachment; filename="P8-\d{4}-\d+-signed-proposal-[0-9a-f]{8}\.pdf"$/,
    );
  });

  it("THEN a file of another size than signed, bytes that are not what was announced, or no upload at all are refused", async () => {
    const p = await createDraft(stack, a2Draft());
    const t = await ticket(p.id, U.commune, {
      kind: "signed_proposal",
      contentType: "application/pdf",
      size: PDF.length,
    });
    const bigger = await fetch(t.json.upload.url, {
      method: "PUT",
      headers: t.json.upload.headers,
      body: Buffer.concat([PDF, Buffer.from("more")]),
    });
    expect(bigger.status).toBe(403);
    // Nothing uploaded yet: 409.
    expect((await confirm(p.id, U.commune, t.json.attachmentId)).status).toBe(409);

    const html = Buffer.from("<html><body>not a pdf</body></html>");
    const fake = await upload(p.id, U.commune, html);
    const refused = await confirm(p.id, U.commune, fake.attachmentId);
    expect(refused.status, refused.text).toBe(400);
    expect(refused.text).toContain('"field":"file"');

    const tooBig = await ticket(p.id, U.commune, {
      kind: "photo",
      contentType: "image/jpeg",
      size: 10 * 1024 * 1024 + 1,
    });
    expect(tooBig.status).toBe(400);
    const wrongType = await ticket(p.id, U.commune, {
      kind: "photo",
      contentType: "text/html",
      size: 10,
    });
    expect(wrongType.status).toBe(400);
    const list = await stack.api<{ attachments: unknown[] }>(
      "GET",
      `/v1/proposals/${p.id}/attachments`,
      {
        token: U.commune,
      },
    );
    expect(list.json.attachments).toEqual([]);
  });

  it("THEN finance attaches only a payment voucher, approvers and another commune nothing", async () => {
    const p = await createDraft(stack, a2Draft());
    const body = { kind: "photo", contentType: "image/jpeg", size: 100 };
    const finance = await ticket(p.id, U.finance, body);
    expect(finance.status).toBe(400);
    expect(finance.text).toContain('"field":"kind"');
    expect((await ticket(p.id, U.finance, { ...body, kind: "payment_voucher" })).status).toBe(201);
    expect((await ticket(p.id, U.approver, body)).status).toBe(403);
    expect((await ticket(p.id, U.commune2, body)).status).toBe(403);
    expect((await ticket(p.id, U.auditor, body)).status).toBe(403);
  });
});

describe("GIVEN a survivor's (A4) proposal WHEN a document is attached", () => {
  it("THEN it is sealed: roles that may not read personal data are refused, each read is recorded", async () => {
    const p = await createDraft(stack, {
      ...a4Draft(20_000_000),
      personal: { fullName: "Người thử tệp", story: "Câu chuyện thử" },
    });
    const t = await upload(p.id, U.commune, PDF, "other");
    const done = await confirm(p.id, U.commune, t.attachmentId);
    expect(done.status, done.text).toBe(201);
    expect(done.json.sealed).toBe(true);

    for (const user of [U.finance, U.auditor, U.province]) {
      const list = await stack.api<{ attachments: AttachmentJson[] }>(
        "GET",
        `/v1/proposals/${p.id}/attachments`,
        {
          token: user,
        },
      );
      expect(list.status, user).toBe(200);
      expect(
        list.json.attachments.map((a) => a.mayDownload),
        user,
      ).toEqual([false]);
      const got = await stack.api("GET", `/v1/proposals/${p.id}/attachments/${t.attachmentId}`, {
        token: user,
      });
      expect(got.status, user).toBe(403);
      expect(got.text).not.toContain("X-Amz-Signature");
    }

    const got = await stack.api<{ download: { url: string } }>(
      "GET",
      `/v1/proposals/${p.id}/attachments/${t.attachmentId}`,
      { token: U.approver },
    );
    expect(got.status, got.text).toBe(200);
    const file = await fetch(got.json.download.url);
    expect(file.status).toBe(200);
    expect(sha(Buffer.from(await file.arrayBuffer()))).toBe(sha(PDF));
    // Encrypted with the personal-data key (as the survivor's fields), not the bucket's key.
    expect(file.headers.get("x-amz-server-side-encryption-aws-kms-key-id") ?? "").toContain(
      "PersonalDataKey",
    );

    // The download is a read of personal data, in the proposal's personal-reads chain.
    const reads = await dynamoOf(stack).send(
      new QueryCommand({
        TableName: AUDIT_TABLE,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": `PR#${p.id}` },
      }),
    );
    expect(
      (reads.Items ?? []).map((e) => [e.type, e.actorId, e.data?.attachmentId]),
    ).toContainEqual(["personal.read", U.approver, t.attachmentId]);
    // Nobody else's refused attempt left a read behind.
    expect((reads.Items ?? []).filter((e) => e.actorId !== U.approver)).toEqual([]);
  });
});

/** The page's attachment form posted without JavaScript (multipart with the file itself). */
async function postForm(
  id: string,
  user: string,
  fields: Record<string, string>,
  file: { name: string; type: string; bytes: Buffer },
) {
  const token = await stack.token(user);
  const action = `/app/proposals/${id}/attachments`;
  const csrf = createHash("sha256").update(`csrf\n${token}\n${action}`).digest("base64url");
  const boundary = "----p8attach";
  const part = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const body = Buffer.concat([
    Buffer.from(
      Object.entries({ _csrf: csrf, ...fields })
        .map(([k, v]) => part(k, v))
        .join(""),
    ),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
    ),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return fetch(`${stack.urls.api}${action}`, {
    method: "POST",
    headers: {
      cookie: `p8_token=${token}`,
      "content-type": `multipart/form-data; boundary=${boundary}`,
    },
    body,
    redirect: "manual",
  });
}

const page = async (path: string, user: string) =>
  (
    await fetch(`${stack.urls.api}${path}`, {
      headers: { cookie: `p8_token=${await stack.token(user)}` },
    })
  ).text();

describe("GIVEN the pages' attachment form WHEN it is posted without JavaScript", () => {
  it("THEN finance attaches the payment voucher from its page and sees it there", async () => {
    const p = await createDraft(stack, a2Draft());
    const res = await postForm(
      p.id,
      U.finance,
      { kind: "payment_voucher", back: "finance" },
      {
        name: "UNC-0001.pdf",
        type: "application/pdf",
        bytes: PDF,
      },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/app/finance/${p.id}?attached=1#attachments`);
    const html = await page(`/app/finance/${p.id}?attached=1`, U.finance);
    expect(html).toContain("Đã đính kèm tệp.");
    expect(html).toContain("Chứng từ chi (PDF");
    expect(html).not.toContain("UNC-0001.pdf");
    const list = await stack.api<{ attachments: AttachmentJson[] }>(
      "GET",
      `/v1/proposals/${p.id}/attachments`,
      { token: U.commune },
    );
    expect(list.json.attachments.map((a) => [a.kind, a.sha256])).toEqual([
      ["payment_voucher", sha(PDF)],
    ]);
  });

  it("THEN a file that is not what it claims goes back to the page with the reason in Vietnamese, and nothing is attached", async () => {
    const p = await createDraft(stack, a2Draft());
    const res = await postForm(
      p.id,
      U.commune,
      { kind: "photo", back: "proposal" },
      {
        name: "anh.jpg",
        type: "image/jpeg",
        bytes: Buffer.from("<html>not a photo</html>"),
      },
    );
    expect(res.status).toBe(303);
    const location = res.headers.get("location") ?? "";
    expect(location).toBe(`/app/proposals/${p.id}?attachError=file#attachments`);
    const html = await page(location.replace(/#.*$/, ""), U.commune);
    expect(html).toContain("Tệp phải là PDF, JPEG hoặc PNG");
    expect(html).toContain("Chưa có tệp đính kèm.");
    // A form without the session's token attaches nothing either.
    const forged = await postForm(
      p.id,
      U.commune,
      { kind: "photo", back: "proposal", _csrf: "forged" },
      {
        name: "x.pdf",
        type: "application/pdf",
        bytes: PDF,
      },
    );
    expect(forged.headers.get("location")).toContain("attachError=csrf");
  });
});
