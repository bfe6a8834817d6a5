/**
 * The local KMS, SES v2 and S3 inside the running stack: the template's keys and identities,
 * what they refuse, and sealed personal data that stays readable across a restart.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { DescribeKeyCommand, GenerateMacCommand, KMSClient } from "@aws-sdk/client-kms";
import { ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { describe, expect, it } from "vitest";
import { a4Draft, U } from "../support/proposals.ts";
import { useStack } from "../support/use-stack.ts";

const stack = useStack();
const region = "ap-southeast-1";
/** The stack's own administrator pair (what tests and scripts use; functions never get it). */
const admin = { accessKeyId: "local", secretAccessKey: "local" };

const PERSONAL = {
  fullName: "Người Thử Khởi Động Lại",
  idNumber: "009988776655",
  phone: "0900 111 222",
  address: "Bản Thử, xã Thử",
  story: "Câu chuyện thử khởi động lại",
};

describe("GIVEN the local stack WHEN it starts", () => {
  it("THEN it prints one line each for KMS, SES v2 and S3, on 127.0.0.1", () => {
    const lines = stack.stdout().split("\n");
    for (const prefix of ["KMS (local", "SES v2 (local", "S3 (local, s3rver)"]) {
      const found = lines.filter((l) => l.startsWith(prefix));
      expect(found, prefix).toHaveLength(1);
      expect(found[0]).toMatch(/http:\/\/127\.0\.0\.1:\d+/);
    }
    for (const url of [stack.urls.kms, stack.urls.ses, stack.urls.s3]) {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    }
  });

  it("THEN the local KMS holds the template's keys, by alias too, with material in 0600 files", async () => {
    const kms = new KMSClient({ region, endpoint: stack.urls.kms, credentials: admin });
    try {
      const data = await kms.send(
        new DescribeKeyCommand({ KeyId: "alias/project8/personal-data" }),
      );
      expect(data.KeyMetadata).toMatchObject({ KeySpec: "SYMMETRIC_DEFAULT", Enabled: true });
      const mac = await kms.send(
        new DescribeKeyCommand({ KeyId: "alias/project8/survivor-pseudonym" }),
      );
      expect(mac.KeyMetadata).toMatchObject({
        KeySpec: "HMAC_256",
        KeyUsage: "GENERATE_VERIFY_MAC",
      });
      await expect(
        kms.send(
          new GenerateMacCommand({
            KeyId: String(data.KeyMetadata?.Arn),
            MacAlgorithm: "HMAC_SHA_256",
            Message: new Uint8Array([1]),
          }),
        ),
      ).rejects.toMatchObject({ name: "InvalidKeyUsageException" });
    } finally {
      kms.destroy();
    }
    const dir = path.join(stack.dataDir, "keys", "kms");
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) expect(statSync(path.join(dir, f)).mode & 0o777).toBe(0o600);
  });

  it("THEN unsigned calls are refused by every service", async () => {
    const kms = await fetch(stack.urls.kms, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "TrentService.DescribeKey",
      },
      body: JSON.stringify({ KeyId: "alias/project8/personal-data" }),
    });
    expect(kms.status).toBe(400);
    expect(kms.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    const ses = await fetch(`${stack.urls.ses}/v2/email/outbound-emails`, {
      method: "POST",
      body: "{}",
    });
    expect(ses.status).toBe(403);
    expect((await fetch(`${stack.urls.s3}/`)).status).toBe(403);
    const s3 = new S3Client({
      region,
      endpoint: stack.urls.s3,
      forcePathStyle: true,
      credentials: admin,
    });
    try {
      // Signed: answered by s3rver behind the gateway.
      const listed = await s3.send(new ListBucketsCommand({}));
      expect(Array.isArray(listed.Buckets ?? [])).toBe(true);
    } finally {
      s3.destroy();
    }
  });

  it("THEN SES delivers mail from the template's identity to the inbox and refuses other senders", async () => {
    const ses = new SESv2Client({ region, endpoint: stack.urls.ses, credentials: admin });
    const mail = (from: string) =>
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: ["approver.batxat@demo.local"] },
        Content: {
          Simple: {
            Subject: { Data: "Thử SES cục bộ" },
            Body: { Text: { Data: `Mở ${stack.urls.api}/app/tasks` } },
          },
        },
      });
    try {
      await ses.send(mail("no-reply@example.org"));
      const found = (await stack.mails()).find((m) => m.subject === "Thử SES cục bộ");
      expect(found).toMatchObject({
        from: "no-reply@example.org",
        to: ["approver.batxat@demo.local"],
        links: [`${stack.urls.api}/app/tasks`],
      });
      await expect(ses.send(mail("someone@gmail.com"))).rejects.toMatchObject({
        name: "MessageRejected",
      });
    } finally {
      ses.destroy();
    }
  });
});

describe("GIVEN a survivor's sealed personal data WHEN the stack restarts", () => {
  it("THEN the same KMS key opens it: the reviewer still reads it", async () => {
    const created = await stack.api<{ id: string; version: number }>("POST", "/v1/proposals", {
      token: U.commune,
      body: a4Draft(15_000_000, { personal: PERSONAL }),
    });
    expect(created.status, created.text).toBe(201);
    const read = () =>
      stack.api<{ personal?: { fullName?: string } }>(
        "GET",
        `/v1/proposals/${created.json.id}?include=personal`,
        { token: U.commune },
      );
    const before = await read();
    expect(before.status, before.text).toBe(200);
    expect(before.json.personal?.fullName).toBe(PERSONAL.fullName);
    await stack.restart();
    const after = await read();
    expect(after.status, after.text).toBe(200);
    expect(after.json.personal?.fullName).toBe(PERSONAL.fullName);
  });
});
