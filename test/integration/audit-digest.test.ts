import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { type AuditEvent, hashEvent } from "../../shared/audit/domain/chain.ts";
import { digestKey, LATEST_KEY } from "../../shared/audit/domain/digest.ts";
import { auditIndexAttributes } from "../../shared/tables/audit-table.ts";
import { AUDIT_TABLE, DATA_TABLE, dynamoOf } from "../support/audit-support.ts";
import { a2Draft, createDraft, submitAndOpen, U } from "../support/proposals.ts";
import { useStack } from "../support/use-stack.ts";

/**
 * The tamper evidence outside the tables (issue 16): the hourly digest signs every changed
 * chain head with the KMS signing key and writes it to the digest bucket; a rewrite of a
 * proposal's events together with its recorded head, which the hash chain alone cannot see,
 * is reported by the API and the CLI against the signed digest.
 */
const stack = useStack();
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The local name of the template's digest bucket (its logical id, lower-cased), as the stack prints it. */
let BUCKET = "";

interface Verdict {
  stream: string;
  ok: boolean;
  events: number;
  brokenAt?: { seq: number; reason: string };
  anchor?: { digest: number; until: string; seq: number };
}
interface Report {
  ok: boolean;
  results: Verdict[];
  firstBroken?: Verdict;
}

const s3 = () =>
  new S3Client({
    endpoint: stack.urls.s3,
    region: "ap-southeast-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });

async function object(key: string): Promise<string | undefined> {
  try {
    const res = await s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return await res.Body?.transformToString("utf-8");
  } catch {
    return undefined;
  }
}

async function verify(id: string): Promise<Report> {
  const res = await stack.api<Report>("GET", `/v1/audit/verify?proposalId=${id}`, {
    token: U.auditor,
  });
  expect(res.status, res.text).toBe(200);
  return res.json;
}

async function events(stream: string): Promise<Record<string, unknown>[]> {
  const res = await dynamoOf(stack).send(
    new QueryCommand({
      TableName: AUDIT_TABLE,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": stream },
      ConsistentRead: true,
    }),
  );
  return res.Items ?? [];
}

/**
 * What a compromised function with the audit "append" grant (PutItem) and the data table could
 * do: rewrite event `seq` of the stream, recompute every later hash so the chain holds, and
 * move the head recorded on the proposal to the new last hash.
 */
async function rewriteTogether(proposalId: string, seq: number, change: Partial<AuditEvent>) {
  const ddb = dynamoOf(stack);
  const items = await events(`P#${proposalId}`);
  let prevHash = "";
  let last = { seq: 0, hash: "" };
  for (const item of items) {
    const { pk: _p, sk: _s, atId: _a, hour: _h, hash: _hash, ...body } = item;
    const event = { ...(body as Omit<AuditEvent, "hash">), prevHash };
    if (event.seq === seq) Object.assign(event, change);
    const hash = hashEvent(event);
    await ddb.send(
      new PutCommand({
        TableName: AUDIT_TABLE,
        Item: { pk: item.pk, sk: item.sk, ...auditIndexAttributes(event), ...event, hash },
      }),
    );
    prevHash = hash;
    last = { seq: event.seq, hash };
  }
  await ddb.send(
    new UpdateCommand({
      TableName: DATA_TABLE,
      Key: { pk: `P#${proposalId}`, sk: "P" },
      UpdateExpression: "SET auditSeq = :s, auditHash = :h",
      ExpressionAttributeValues: { ":s": last.seq, ":h": last.hash },
    }),
  );
}

function cli(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/verify-audit.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.on("exit", (code) => resolve({ code, out }));
  });
}
const local = () => [
  "--endpoint",
  stack.urls.dynamodb,
  "--s3-endpoint",
  stack.urls.s3,
  "--kms-endpoint",
  stack.urls.kms,
  "--bucket",
  BUCKET,
];

describe("GIVEN proposals whose history a signed digest has recorded", () => {
  let tampered = "";
  let untouched = "";

  beforeAll(async () => {
    BUCKET = /auditdigestbucket[0-9a-f]*/.exec(stack.stdout())?.[0] ?? "";
    expect(BUCKET).not.toBe("");
    const first = await createDraft(stack, a2Draft({ title: "Đề xuất sẽ bị sửa lén" }));
    const second = await createDraft(stack, a2Draft({ title: "Đề xuất không ai sửa" }));
    tampered = first.id;
    untouched = second.id;
    // Submitted: a few events in each stream (created, submitted, review opened).
    await submitAndOpen(stack, first);
    await submitAndOpen(stack, second);
    // The schedule runs hourly; moving the clock 2 h runs it (and waits for it).
    await stack.advanceClock(2 * 3600);
  });

  it("THEN the digest is in the bucket, signed, naming every changed head, and the verifier checks against it", async () => {
    const latest = JSON.parse((await object(LATEST_KEY)) ?? "{}") as { seq: number; key: string };
    expect(latest.key).toBe(digestKey(latest.seq));
    const digest = JSON.parse((await object(latest.key)) ?? "{}") as {
      heads: { stream: string; seq: number; hash: string }[];
      signature: string;
      keyId: string;
    };
    expect(digest.signature.length).toBeGreaterThan(60);
    expect(digest.keyId).toMatch(/^arn:aws:kms:.*:key\//);
    expect(digest.heads.map((h) => h.stream)).toEqual(
      expect.arrayContaining([`P#${tampered}`, `P#${untouched}`]),
    );
    const report = await verify(tampered);
    expect(report.ok).toBe(true);
    expect(report.results[0]?.anchor?.digest).toBe(latest.seq);
  });

  it("WHEN an event and the chain head are rewritten together in DynamoDB THEN the hash chain alone says ok, the signed digest does not", async () => {
    await rewriteTogether(tampered, 1, { to: "REWRITTEN" });
    // The chain and the recorded head agree with each other: what the verifier used to trust.
    const history = await stack.api<{ chain: { ok: boolean } }>(
      "GET",
      `/v1/proposals/${tampered}/history`,
      { token: U.auditor },
    );
    expect(history.status, history.text).toBe(200);
    expect(history.json.chain.ok).toBe(true);

    const report = await verify(tampered);
    expect(report.ok).toBe(false);
    expect(report.firstBroken?.stream).toBe(`P#${tampered}`);
    expect(report.firstBroken?.brokenAt?.reason).toContain("rewritten together");
    expect(report.firstBroken?.anchor?.digest).toBeGreaterThanOrEqual(1);
    expect((await verify(untouched)).ok).toBe(true);
  });

  it("THEN the CLI reports it too, per proposal and over the whole chain of digests (exit code 1)", async () => {
    const one = await cli(["--proposal", tampered, ...local()]);
    expect(one.code, one.out).toBe(1);
    expect(one.out).toContain(`BROKEN P#${tampered}`);
    expect(one.out).toContain("signed digest");
    const fine = await cli(["--proposal", untouched, ...local()]);
    expect(fine.code, fine.out).toBe(0);
    const all = await cli(["--digests", "--json", ...local()]);
    expect(all.code, all.out).toBe(1);
    const summary = JSON.parse(all.out.trim().split("\n").pop() ?? "{}") as {
      firstBroken?: Verdict;
      digests: number;
    };
    expect(summary.digests).toBeGreaterThanOrEqual(1);
    expect(summary.firstBroken?.stream).toBe(`P#${tampered}`);
  });

  it("WHEN a digest in the bucket is altered (the local S3 has no Object Lock) THEN its signature gives it away", async () => {
    const latest = JSON.parse((await object(LATEST_KEY)) ?? "{}") as { key: string };
    const raw = (await object(latest.key)) ?? "";
    const body = JSON.parse(raw) as { heads: { stream: string; hash: string }[] };
    // Re-record the rewritten head: what an attacker would need, without the signing key.
    const forgedHeads = await events(`P#${tampered}`);
    const head = body.heads.find((h) => h.stream === `P#${tampered}`);
    if (head) head.hash = String(forgedHeads[forgedHeads.length - 1]?.hash);
    await s3().send(
      new PutObjectCommand({ Bucket: BUCKET, Key: latest.key, Body: JSON.stringify(body) }),
    );
    const report = await verify(tampered);
    expect(report.ok).toBe(false);
    expect(report.firstBroken?.brokenAt?.reason).toContain("signature does not verify");
  });
});
