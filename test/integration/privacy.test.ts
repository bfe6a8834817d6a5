import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUDIT_TABLE, DATA_TABLE, dynamoOf } from "../support/audit-support.ts";
import { type StackHandle, startStack } from "../support/local-stack.ts";
import { a4Draft, U, waitFor } from "../support/proposals.ts";

/**
 * A full A4 lifecycle with a survivor's personal data. Afterwards every log line the stack
 * printed, every email, every URL requested or linked, every response (except the one
 * authorized, audited read) and every stored item outside the sealed field is scanned for the
 * fixture values.
 */
const PERSONAL = {
  fullName: "Hoàng Thị Xuyến Fixture",
  idNumber: "031987004219",
  phone: "0912 468 357",
  address: "Thôn Nậm Pung, bản 7, ngõ Fixture",
  story: "Bị lừa bán sang biên giới năm 2019, được giải cứu – câu chuyện fixture",
};
/** The values, and the parts of them that would still identify the survivor. */
const NEEDLES = [
  ...Object.values(PERSONAL),
  "Xuyến Fixture",
  "004219",
  "468 357",
  "0912468357",
  "Nậm Pung",
];

interface Seen {
  url: string;
  status: number;
  body: string;
  location?: string;
}

let stack: StackHandle;
const seen: Seen[] = [];
let authorizedReadBody = "";
let proposalId = "";

async function call(
  method: string,
  path: string,
  user: string | undefined,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Seen & { json: unknown }> {
  const h: Record<string, string> = { ...headers };
  if (user) h.authorization = `Bearer ${await stack.token(user)}`;
  if (body !== undefined) h["content-type"] = "application/json";
  const url = `${stack.urls.api}${path}`;
  const res = await fetch(url, {
    method,
    headers: h,
    redirect: "manual",
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const location = res.headers.get("location") ?? undefined;
  const entry: Seen = { url, status: res.status, body: text, ...(location ? { location } : {}) };
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { ...entry, json };
}

async function recorded(
  method: string,
  path: string,
  user: string | undefined,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const r = await call(method, path, user, body, headers);
  seen.push({
    url: r.url,
    status: r.status,
    body: r.body,
    ...(r.location ? { location: r.location } : {}),
  });
  return r;
}

async function statusOf(id: string): Promise<string> {
  const r = await recorded("GET", `/v1/proposals/${id}`, U.commune);
  return (r.json as { status: string }).status;
}

beforeAll(async () => {
  stack = await startStack({ env: { LOG_LEVEL: "debug" } });
  // 1. the commune drafts an A4 model with the survivor's data, and submits it
  const created = await recorded(
    "POST",
    "/v1/proposals",
    U.commune,
    a4Draft(25_000_000, { personal: PERSONAL }),
  );
  expect(created.status, created.body).toBe(201);
  const p = created.json as { id: string; version: number };
  proposalId = p.id;
  // a rejected input carrying personal data must not echo it
  const bad = await recorded(
    "POST",
    "/v1/proposals",
    U.commune,
    a4Draft(25_000_000, {
      personal: {
        ...PERSONAL,
        idNumber: `${PERSONAL.idNumber}${"9".repeat(40)}`,
        extra: PERSONAL.fullName,
      },
    }),
  );
  expect(bad.status).toBe(400);
  const wrongActivity = await recorded("POST", "/v1/proposals", U.commune, {
    ...a4Draft(25_000_000),
    activity: "A2",
    personal: PERSONAL,
  });
  expect(wrongActivity.status).toBe(400);
  const submitted = await recorded("POST", `/v1/proposals/${p.id}/submit`, U.commune, undefined, {
    "if-match": `"${p.version}"`,
  });
  expect(submitted.status, submitted.body).toBe(202);
  const taskId = await waitFor("the review task", async () => {
    const r = await call("GET", `/v1/proposals/${p.id}`, U.commune);
    return (r.json as { currentTaskId?: string }).currentTaskId;
  });
  // 2. the approver reads the personal data (authorized, audited) and approves
  const read = await call("GET", `/v1/proposals/${p.id}?include=personal`, U.approver);
  expect(read.status, read.body).toBe(200);
  authorizedReadBody = read.body;
  seen.push({
    url: read.url,
    status: read.status,
    body: "(authorized personal read, checked separately)",
  });
  await recorded("GET", `/v1/tasks/${taskId}`, U.approver);
  const decided = await recorded("POST", `/v1/tasks/${taskId}/decision`, U.approver, {
    decision: "approve",
    comment: "Đồng ý hỗ trợ mô hình",
  });
  expect(decided.status, decided.body).toBe(200);
  await waitFor("APPROVED", async () => ((await statusOf(p.id)) === "APPROVED" ? true : undefined));
  // 3. finance pays, the commune reports, the reviewing unit closes
  const paid = await recorded("POST", `/v1/proposals/${p.id}/disbursements`, U.finance, {
    amount: 25_000_000,
    paidOn: "2026-06-01",
    reference: "UNC-A4-1",
  });
  expect(paid.status, paid.body).toBe(201);
  const report = await recorded("POST", `/v1/proposals/${p.id}/reports`, U.commune, {
    period: "2026-07",
    usedAmount: 25_000_000,
    progress: "on_track",
    summary: "Đã mua giống",
  });
  expect(report.status, report.body).toBe(201);
  const closed = await recorded("POST", `/v1/proposals/${p.id}/close`, U.approver, {
    comment: "Hoàn thành",
  });
  expect(closed.status, closed.body).toBe(200);
  // 4. everyone else looks at it
  for (const user of [U.auditor, U.province, U.finance, U.commune2, U.admin]) {
    await recorded("GET", `/v1/proposals/${p.id}`, user);
    await recorded("GET", `/v1/proposals/${p.id}?include=personal`, user);
    await recorded("GET", `/v1/proposals/${p.id}/history`, user);
  }
  await recorded("GET", `/v1/audit/events?proposalId=${p.id}`, U.auditor);
  await recorded("GET", `/v1/audit/events?proposalId=${p.id}&stream=personal-reads`, U.auditor);
  await recorded("GET", `/v1/audit/events?proposalId=${p.id}&format=csv`, U.auditor);
  await recorded("GET", "/v1/audit/events?type=personal.read", U.auditor);
  await recorded("GET", `/v1/proposals?status=CLOSED`, U.province);
  await recorded("GET", `/v1/tasks/${taskId}`, U.auditor);
});
afterAll(async () => {
  await stack?.dispose();
});

function found(text: string): string[] {
  return NEEDLES.filter((n) => text.includes(n));
}

describe("GIVEN a full A4 lifecycle with a survivor's personal data", () => {
  it("THEN the authorized read returned the data, and it was recorded as an audit event", async () => {
    const body = JSON.parse(authorizedReadBody) as { personal?: typeof PERSONAL };
    expect(body.personal).toEqual(PERSONAL);
    const reads = await call(
      "GET",
      `/v1/audit/events?proposalId=${proposalId}&stream=personal-reads`,
      U.auditor,
    );
    const events = (
      reads.json as {
        events: { type: string; actorId: string; channel: string; survivorPseudonym?: string }[];
      }
    ).events;
    expect(events.map((e) => [e.type, e.actorId, e.channel])).toContainEqual([
      "personal.read",
      U.approver,
      "api",
    ]);
  });

  it("THEN roles that do not need the data get neither it nor a hint of it, but a stable pseudonym", async () => {
    const a = (await call("GET", `/v1/proposals/${proposalId}`, U.auditor)).json as {
      survivorPseudonym?: string;
      personal?: unknown;
      hasPersonalData: boolean;
    };
    const b = (await call("GET", `/v1/proposals/${proposalId}`, U.province)).json as {
      survivorPseudonym?: string;
    };
    expect(a.personal).toBeUndefined();
    expect(a.hasPersonalData).toBe(true);
    expect(a.survivorPseudonym).toMatch(/^NN-/);
    expect(b.survivorPseudonym).toBe(a.survivorPseudonym);
    for (const user of [U.auditor, U.province, U.finance, U.admin, U.commune2]) {
      const r = await call("GET", `/v1/proposals/${proposalId}?include=personal`, user);
      expect([403, 404], user).toContain(r.status);
    }
  });

  it("THEN no response, problem detail, URL or redirect carries any of it", () => {
    expect(seen.length).toBeGreaterThan(20);
    const leaks = seen.flatMap((s) => [
      ...found(s.body).map((n) => `${s.url} (${s.status}) body: ${n}`),
      ...found(decodeURIComponent(s.url)).map((n) => `url ${s.url}: ${n}`),
      ...found(s.location ?? "").map((n) => `redirect ${s.location}: ${n}`),
    ]);
    expect(leaks).toEqual([]);
  });

  it("THEN no email (subject, text, html, links) carries any of it", async () => {
    const mails = await stack.mails();
    expect(mails.length).toBeGreaterThan(0);
    const leaks = mails.flatMap((m) =>
      [m.subject, m.text, m.html, ...m.links, ...m.links.map((l) => decodeURIComponent(l))].flatMap(
        (t) => found(t ?? "").map((n) => `${m.subject}: ${n}`),
      ),
    );
    expect(leaks).toEqual([]);
  });

  it("THEN no log line of the stack, on stdout or stderr, carries any of it", () => {
    const lines = `${stack.stdout()}\n${stack.stderr()}`.split("\n");
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.flatMap((l) => found(l).map((n) => `${n} in: ${l.slice(0, 200)}`))).toEqual([]);
  });

  it("THEN the stored items hold it only sealed: no indexed or plain attribute, no audit event", async () => {
    const ddb = dynamoOf(stack);
    const items =
      (
        await ddb.send(
          new QueryCommand({
            TableName: DATA_TABLE,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": `P#${proposalId}` },
          }),
        )
      ).Items ?? [];
    const audit = [
      ...((
        await ddb.send(
          new QueryCommand({
            TableName: AUDIT_TABLE,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": `P#${proposalId}` },
          }),
        )
      ).Items ?? []),
      ...((
        await ddb.send(
          new QueryCommand({
            TableName: AUDIT_TABLE,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": `PR#${proposalId}` },
          }),
        )
      ).Items ?? []),
    ];
    ddb.destroy();
    const proposal = items.find((i) => i.sk === "P");
    // Sealed under a data key from the (local) KMS: the template's key, its encrypted data key kept.
    expect(proposal?.personal).toMatchObject({
      alg: "AES-256-GCM",
      keyId: expect.stringMatching(/^arn:aws:kms:[^:]+:\d{12}:key\/PersonalDataKey/),
      edk: expect.any(String),
    });
    expect(audit.length).toBeGreaterThan(5);
    expect([...items, ...audit].flatMap((i) => found(JSON.stringify(i)))).toEqual([]);
    for (const k of ["gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk"])
      expect(found(String(proposal?.[k] ?? ""))).toEqual([]);
  });
});
