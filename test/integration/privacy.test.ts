import { createHash } from "node:crypto";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUDIT_TABLE, DATA_TABLE, dynamoOf } from "../support/audit-support.ts";
import { type StackHandle, startStack } from "../support/local-stack.ts";
import { a4Draft, U, waitFor, withOwnBeneficiary } from "../support/proposals.ts";

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
/** A savings-group member's name: personal data too (BRIEF.md), kept only on her member item. */
const MEMBER = "Sùng Thị Mỷ Fixture";
/** The values, and the parts of them that would still identify the survivor or the member. */
const NEEDLES = [
  ...Object.values(PERSONAL),
  "Xuyến Fixture",
  "004219",
  "468 357",
  "0912468357",
  "Nậm Pung",
  MEMBER,
  "Mỷ Fixture",
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
let authorizedMembersBody = "";
let proposalId = "";
let groupId = "";

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

/** A body sent as is (a spreadsheet), recorded like every other response. */
async function recordedRaw(path: string, user: string, type: string, body: string) {
  const url = `${stack.urls.api}${path}`;
  const res = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${await stack.token(user)}`, "content-type": type },
    body,
  });
  const text = await res.text();
  seen.push({ url, status: res.status, body: text });
  return { status: res.status, text };
}

/** A page as its reader sees it (the session cookie), recorded. */
async function recordedPage(path: string, user: string) {
  const url = `${stack.urls.api}${path}`;
  const res = await fetch(url, {
    headers: { cookie: `p8_token=${await stack.token(user)}` },
    redirect: "manual",
  });
  const text = await res.text();
  return { url, status: res.status, body: text };
}

/** The attachment form of a page, posted without JavaScript (multipart, the file itself). */
async function recordedUpload(path: string, user: string, filename: string, bytes: Buffer) {
  const token = await stack.token(user);
  const boundary = "----p8privacy";
  const action = path;
  const csrf = createHash("sha256").update(`csrf\n${token}\n${action}`).digest("base64url");
  const part = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const body = Buffer.concat([
    Buffer.from(part("_csrf", csrf) + part("kind", "other") + part("back", "proposal")),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const url = `${stack.urls.api}${path}`;
  const res = await fetch(url, {
    method: "POST",
    headers: {
      cookie: `p8_token=${token}`,
      "content-type": `multipart/form-data; boundary=${boundary}`,
    },
    body,
    redirect: "manual",
  });
  const text = await res.text();
  const location = res.headers.get("location") ?? undefined;
  const entry = { url, status: res.status, body: text, ...(location ? { location } : {}) };
  seen.push(entry);
  return entry;
}

/** A savings group whose member's name is personal data, through every channel that touches it. */
async function memberJourney() {
  const group = await recorded("POST", "/v1/registry/beneficiaries", U.commune, {
    kind: "SAVINGS_GROUP",
    communeId: "C-BATXAT",
    name: "Tổ TKVVTB kiểm tra riêng tư",
    village: "Nậm Chạc",
    foundedOn: "2026-04-01",
  });
  expect(group.status, group.body).toBe(201);
  groupId = (group.json as { id: string }).id;
  const added = await recorded("POST", `/v1/registry/beneficiaries/${groupId}/members`, U.commune, {
    name: MEMBER,
    gender: "female",
    birthYear: 1991,
    ethnicity: "Mông",
    introductions: [{ institution: "Ngân hàng Chính sách xã hội", on: "2026-05-10" }],
  });
  expect(added.status, added.body).toBe(201);
  // refused inputs carrying her name must not echo it
  const bad = await recorded("POST", `/v1/registry/beneficiaries/${groupId}/members`, U.commune, {
    name: MEMBER,
    gender: "female",
    birthYear: "mười chín chín mốt",
  });
  expect(bad.status).toBe(400);
  const badExtra = await recorded(
    "POST",
    `/v1/registry/beneficiaries/${groupId}/members`,
    U.commune,
    {
      name: MEMBER,
      gender: "female",
      idNumber: PERSONAL.idNumber,
    },
  );
  expect(badExtra.status).toBe(400);
  const edited = await recorded(
    "PUT",
    `/v1/registry/beneficiaries/${groupId}/members/M001`,
    U.commune,
    { name: MEMBER, gender: "female", birthYear: 1991, ethnicity: "Mông", introductions: [] },
    { "if-match": '"1"' },
  );
  expect(edited.status, edited.body).toBe(400); // a correction without a reason
  const corrected = await recorded(
    "PUT",
    `/v1/registry/beneficiaries/${groupId}/members/M001`,
    U.commune,
    {
      name: MEMBER,
      gender: "female",
      birthYear: 1991,
      introductions: [],
      correctionReason: "ghi nhầm",
    },
    { "if-match": '"1"' },
  );
  expect(corrected.status, corrected.body).toBe(200);
  // a members file: a dry run with a bad row, then a refused import, then a clean import
  const header = "group_id,name,gender,birth_year";
  const badFile = `${header}\n${groupId},${MEMBER} Hai,nu,19xx\n`;
  expect(
    (await recordedRaw("/v1/registry/imports?layout=members", U.commune, "text/csv", badFile))
      .status,
  ).toBe(200);
  expect(
    (
      await recordedRaw(
        "/v1/registry/imports?layout=members&dryRun=false",
        U.commune,
        "text/csv",
        badFile,
      )
    ).status,
  ).toBe(400);
  const dupFile = `${header}\n${groupId},${MEMBER},nu,1991\n`;
  expect(
    (
      await recordedRaw(
        "/v1/registry/imports?layout=members&dryRun=false",
        U.commune,
        "text/csv",
        dupFile,
      )
    ).status,
  ).toBe(400);
  const okFile = `${header}\n${groupId},${MEMBER} Ba,nu,1993\n`;
  expect(
    (
      await recordedRaw(
        "/v1/registry/imports?layout=members&dryRun=false",
        U.commune,
        "text/csv",
        okFile,
      )
    ).status,
  ).toBe(201);
  // the commune that keeps the list reads the names (authorized, checked separately)
  const mine = await call("GET", `/v1/registry/beneficiaries/${groupId}`, U.commune);
  authorizedMembersBody = mine.body;
  seen.push({
    url: mine.url,
    status: mine.status,
    body: "(authorized members list, checked separately)",
  });
  // everyone else reads the group without her name, API and pages alike
  for (const user of [U.province, U.auditor, U.approver, U.finance, U.commune2, U.admin]) {
    await recorded("GET", `/v1/registry/beneficiaries/${groupId}`, user);
    await recorded("GET", `/v1/registry/beneficiaries/${groupId}?include=history`, user);
    seen.push(await recordedPage(`/app/registry/${groupId}`, user));
  }
  await recorded(
    "GET",
    "/v1/registry/indicators/a1?communeId=C-BATXAT&from=2026-01-01&to=2026-12-31",
    U.province,
  );
  await recorded("GET", "/v1/registry/beneficiaries?communeId=C-BATXAT", U.province);
  await recorded("GET", `/v1/audit/events?communeId=C-BATXAT`, U.auditor);
  // the group proposed in a batch: the batch, its form and pages show the group, never her
  const batch = await recorded("POST", "/v1/batches", U.commune, {
    activity: "A1",
    title: "Danh sách tổ TKVVTB",
    communeId: "C-BATXAT",
    members: [
      {
        beneficiaryId: groupId,
        items: [
          {
            code: "A1.SAVINGS_BOX_RUNNING",
            description: "Hòm và chi phí sinh hoạt",
            supportAmount: 1_500_000,
            totalCost: 1_500_000,
            months: 3,
          },
        ],
      },
    ],
  });
  expect(batch.status, batch.body).toBe(201);
  const batchId = (batch.json as { id: string }).id;
  await recorded("POST", `/v1/batches/${batchId}/submit`, U.commune);
  seen.push(await recordedPage("/app/batches/new", U.commune));
  for (const user of [U.commune, U.approver, U.province, U.auditor]) {
    await recorded("GET", `/v1/batches/${batchId}`, user);
    await recorded("GET", "/v1/batches?communeId=C-BATXAT", user);
    seen.push(await recordedPage(`/app/batches/${batchId}`, user));
  }
  // The pages of issue 14 that show names: the audit trail by names, the province's lists,
  // the admin's users, every role's landing page.
  seen.push(await recordedPage("/app/audit?communeId=C-BATXAT", U.auditor));
  seen.push(await recordedPage("/app/province", U.province));
  seen.push(await recordedPage("/app/reviews/overdue", U.province));
  seen.push(await recordedPage("/app/admin/users", U.admin));
  for (const user of [U.commune, U.approver, U.finance, U.province, U.auditor, U.admin])
    seen.push(await recordedPage("/app", user));
}

beforeAll(async () => {
  stack = await startStack({ env: { LOG_LEVEL: "debug" } });
  await memberJourney();
  // 1. the commune drafts an A4 model with the survivor's data, and submits it
  const created = await recorded(
    "POST",
    "/v1/proposals",
    U.commune,
    await withOwnBeneficiary(stack, a4Draft(25_000_000, { personal: PERSONAL })),
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
  // The commune attaches a scan through the page's form without JavaScript; the file's own
  // name names the survivor: it must not be kept, shown, logged or put in any URL.
  const attached = await recordedUpload(
    `/app/proposals/${p.id}/attachments`,
    U.commune,
    `${PERSONAL.fullName} - CCCD ${PERSONAL.idNumber}.pdf`,
    Buffer.from("%PDF-1.4\n% ho so fixture\n%%EOF\n", "latin1"),
  );
  expect(attached.status, attached.body).toBe(303);
  const files = await recorded("GET", `/v1/proposals/${p.id}/attachments`, U.approver);
  const [file] = (files.json as { attachments: { id: string; sealed: boolean }[] }).attachments;
  expect(file?.sealed).toBe(true);
  for (const user of [U.approver, U.finance, U.auditor]) {
    seen.push(await recordedPage(`/app/proposals/${p.id}/attachments/${file?.id}`, user));
    seen.push(await recordedPage(`/app/proposals/${p.id}`, user));
  }
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

  it("THEN the commune that keeps the members' list read her name, and the others never", () => {
    expect(authorizedMembersBody).toContain(MEMBER);
  });

  it("THEN the savings group's stored items index nothing of her name, and its audit chain never names her", async () => {
    const ddb = dynamoOf(stack);
    const items =
      (
        await ddb.send(
          new QueryCommand({
            TableName: DATA_TABLE,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": `B#${groupId}` },
          }),
        )
      ).Items ?? [];
    const audit =
      (
        await ddb.send(
          new QueryCommand({
            TableName: AUDIT_TABLE,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": `B#${groupId}` },
          }),
        )
      ).Items ?? [];
    ddb.destroy();
    expect(items.filter((i) => String(i.sk).startsWith("M#"))).toHaveLength(2);
    expect(audit.map((e) => e.type)).toEqual(
      expect.arrayContaining(["member.added", "member.corrected", "members.imported"]),
    );
    expect(audit.flatMap((e) => found(JSON.stringify(e)))).toEqual([]);
    for (const i of items)
      for (const k of ["gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk"])
        expect(found(String(i[k] ?? ""))).toEqual([]);
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
    // The scan covers the functions' Powertools output: log lines and the EMF metric lines.
    const powertools = lines.filter((l) => l.includes('"service":"project8"'));
    expect(powertools.some((l) => l.includes('"_aws"') && l.includes("ProposalsSubmitted"))).toBe(
      true,
    );
    expect(powertools.some((l) => l.includes('"_aws"') && l.includes("ProposalsApproved"))).toBe(
      true,
    );
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
