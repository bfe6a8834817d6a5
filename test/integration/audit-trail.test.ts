import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuditEvent, verifyChain } from "../../shared/audit/domain/chain.ts";
import { BOM, parseCsv } from "../../shared/audit/domain/export/csv.ts";
import { readXlsx } from "../../shared/audit/domain/export/xlsx.ts";
import { auditKeys, auditStreams, eventOfItem } from "../../shared/tables/audit-table.ts";
import {
  AUDIT_TABLE,
  callAs,
  dynamoOf,
  OTHER_USERS,
  seedOtherProvince,
  signToken,
} from "../support/audit-support.ts";
import { type StackHandle, startStack } from "../support/local-stack.ts";
import {
  a2Draft,
  createDraft,
  decide,
  type ProposalJson,
  submitAndOpen,
  U,
  waitForStatus,
} from "../support/proposals.ts";

const run = promisify(execFile);

interface EventJson {
  stream: string;
  seq: number;
  type: string;
  at: string;
  actorId: string;
  actorRole: string;
  actorUnitId?: string;
  channel: string;
  from: string | null;
  to: string;
  reason?: string;
  prevHash: string;
  hash: string;
  subject: string;
}
interface Page {
  events: EventJson[];
  nextCursor?: string;
}
interface Verify {
  ok: boolean;
  streams: number;
  events: number;
  firstBroken?: { stream: string; brokenAt?: { seq: number; reason: string } };
  nextCursor?: string;
}

const RETURN_REASON = 'Bổ sung biên bản họp tổ; ghi rõ số hộ tham gia, "đối ứng" của hội viên';

let stack: StackHandle;
let returned: ProposalJson;
let approved: ProposalJson;

beforeAll(async () => {
  stack = await startStack();
  await seedOtherProvince(stack);
  returned = await createDraft(stack, a2Draft());
  const t1 = await submitAndOpen(stack, returned);
  expect((await decide(stack, t1, "return", RETURN_REASON)).status).toBe(200);
  await waitForStatus(stack, returned.id, "RETURNED");
  approved = await createDraft(stack, a2Draft());
  const t2 = await submitAndOpen(stack, approved);
  expect((await decide(stack, t2, "approve", "Đồng ý")).status).toBe(200);
  await waitForStatus(stack, approved.id, "APPROVED");
});
afterAll(async () => {
  await stack?.dispose();
});

const events = (q: string, user: string = U.auditor) =>
  stack.api<Page>("GET", `/v1/audit/events?${q}`, { token: user });

describe("GIVEN lifecycle changes WHEN an auditor queries the trail", () => {
  it("THEN a proposal's events are in order with actor, role, unit, channel, from/to, reason and a hash chain", async () => {
    const res = await events(`proposalId=${returned.id}`);
    expect(res.status, res.text).toBe(200);
    const evs = res.json.events;
    expect(evs.map((e) => e.type)).toEqual(
      expect.arrayContaining(["proposal.created", "proposal.submitted", "review.returned"]),
    );
    expect(evs.map((e) => e.seq)).toEqual(evs.map((_, i) => i + 1));
    evs.forEach((e, i) => {
      expect(e.prevHash).toBe(i === 0 ? "" : evs[i - 1]?.hash);
    });
    const ret = evs.find((e) => e.type === "review.returned");
    expect(ret).toMatchObject({
      actorId: U.approver,
      actorRole: "approver",
      actorUnitId: "RU-BX",
      channel: "api",
      from: "IN_REVIEW",
      to: "RETURNED",
      reason: RETURN_REASON,
      subject: returned.id,
    });
    expect(evs.find((e) => e.type === "proposal.created")).toMatchObject({
      actorId: U.commune,
      channel: "api",
      from: null,
      to: "DRAFT",
    });
    expect(evs.some((e) => e.channel === "system")).toBe(true);
  });

  it("THEN province, reviewing unit, commune, actor and type queries page by cursor in time order without gaps or repeats", async () => {
    for (const q of [
      "provinceId=P-LC",
      "reviewUnitId=RU-BX",
      "communeId=C-BATXAT",
      `actorId=${U.approver}`,
      "type=proposal.submitted",
      "",
    ]) {
      const all = await events(`${q}&limit=100`);
      expect(all.status, `${q}: ${all.text}`).toBe(200);
      expect(all.json.events.length, q).toBeGreaterThan(1);
      const seen: EventJson[] = [];
      let cursor: string | undefined;
      do {
        const page = await events(`${q}&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
        expect(page.status, page.text).toBe(200);
        expect(page.json.events.length).toBeLessThanOrEqual(2);
        seen.push(...page.json.events);
        cursor = page.json.nextCursor;
      } while (cursor);
      expect(
        seen.map((e) => `${e.stream}/${e.seq}`),
        q,
      ).toEqual(all.json.events.map((e) => `${e.stream}/${e.seq}`));
      const times = seen.map((e) => e.at);
      expect(times, q).toEqual([...times].sort());
    }
    const approvals = await events(`actorId=${U.approver}`);
    expect(approvals.json.events.every((e) => e.actorId === U.approver)).toBe(true);
    const submits = await events("type=proposal.submitted");
    expect(submits.json.events.every((e) => e.type === "proposal.submitted")).toBe(true);
    const desc = await events("provinceId=P-LC&order=desc&limit=100");
    expect(desc.json.events.map((e) => e.at)).toEqual(
      [...desc.json.events.map((e) => e.at)].sort().reverse(),
    );
  });

  it("THEN a time range keeps only events inside [from, to)", async () => {
    const all = (await events("provinceId=P-LC&limit=100")).json.events;
    const mid = all[Math.floor(all.length / 2)]?.at ?? "";
    const before = (await events(`provinceId=P-LC&limit=100&to=${mid}`)).json.events;
    const after = (await events(`provinceId=P-LC&limit=100&from=${mid}`)).json.events;
    expect(before.every((e) => e.at < mid)).toBe(true);
    expect(after.every((e) => e.at >= mid)).toBe(true);
    expect(before.length + after.length).toBe(all.length);
    const none = await events("provinceId=P-LC&from=2000-01-01&to=2000-02-01");
    expect(none.json.events).toEqual([]);
    const streamRange = (await events(`proposalId=${approved.id}&from=${mid}`)).json.events;
    expect(streamRange.every((e) => e.at >= mid)).toBe(true);
  });

  it("THEN bad queries and cursors of another query get 400, never 500", async () => {
    for (const q of [
      "limit=0",
      "limit=101",
      "from=yesterday",
      "provinceId=P-LC&communeId=C-BATXAT",
      "from=2026-02-01&to=2026-01-01",
      "format=pdf",
      "stream=reads",
    ]) {
      const res = await events(q);
      expect(res.status, q).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    const page = await events("provinceId=P-LC&limit=1");
    expect(page.json.nextCursor).toBeDefined();
    expect((await events(`communeId=C-BATXAT&limit=1&cursor=${page.json.nextCursor}`)).status).toBe(
      400,
    );
    expect((await events("provinceId=P-LC&cursor=%7B%7D")).status).toBe(400);
  });

  it("THEN other roles and other provinces' auditors are denied", async () => {
    for (const user of [U.commune, U.approver, U.finance, U.province, U.admin]) {
      expect((await events("provinceId=P-LC", user)).status, user).toBe(403);
    }
    const hg = OTHER_USERS.find((u) => u.username === "auditor.hagiang");
    if (!hg) throw new Error("fixture");
    const token = await signToken(stack, hg);
    for (const q of [
      "provinceId=P-LC",
      "reviewUnitId=RU-BX",
      "communeId=C-BATXAT",
      `proposalId=${returned.id}`,
      `actorId=${U.approver}`,
      "",
    ]) {
      const res = await callAs(stack, token, "GET", `/v1/audit/events?${q}`);
      if (q === "") {
        // Its own province: allowed, and nothing of Lào Cai in it.
        expect(res.status).toBe(200);
        expect((res.json as Page).events).toEqual([]);
      } else expect([403, 404], q).toContain(res.status);
    }
    const hgType = (await callAs(stack, token, "GET", "/v1/audit/events?type=proposal.created"))
      .json as Page;
    expect(hgType.events).toEqual([]);
    expect((await stack.api("GET", "/v1/audit/events")).status).toBe(401);
  });
});

describe("GIVEN a Vietnamese history WHEN exported", () => {
  it("THEN the CSV is UTF-8 with a BOM and parses back to the same events, diacritics intact", async () => {
    const res = await fetch(
      `${stack.urls.api}/v1/audit/events?proposalId=${returned.id}&format=csv`,
      {
        headers: { authorization: `Bearer ${await stack.token(U.auditor)}` },
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="audit-.*\.csv"/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    expect(text.startsWith(BOM)).toBe(true);
    const [header, ...rows] = parseCsv(text);
    expect(header?.[0]).toBe("Thời gian (giờ Việt Nam) / Time (Asia/Ho_Chi_Minh)");
    const json = (await events(`proposalId=${returned.id}`)).json.events;
    expect(rows).toHaveLength(json.length);
    const col = (name: string) => header?.indexOf(name) ?? -1;
    rows.forEach((r, i) => {
      const e = json[i];
      expect(r[col("UTC")]).toBe(e?.at);
      expect(r[col("Sự kiện / Event")]).toBe(e?.type);
      expect(r[col("Hash")]).toBe(e?.hash);
      expect(r[col("Lý do / Reason")]).toBe(e?.reason ?? "");
    });
    expect(rows.map((r) => r[col("Lý do / Reason")])).toContain(RETURN_REASON);
    // Vietnam time is UTC+7.
    const first = rows[0];
    expect(first?.[0]).toBe(
      new Date(Date.parse(first?.[1] ?? "") + 7 * 3600_000)
        .toISOString()
        .slice(0, 19)
        .replace("T", " "),
    );
  });

  it("THEN the XLSX reads back with the same cells", async () => {
    const res = await fetch(
      `${stack.urls.api}/v1/audit/events?proposalId=${returned.id}&format=xlsx`,
      {
        headers: { authorization: `Bearer ${await stack.token(U.auditor)}` },
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("spreadsheetml.sheet");
    const book = readXlsx(Buffer.from(await res.arrayBuffer()));
    const json = (await events(`proposalId=${returned.id}`)).json.events;
    expect(book.rows).toHaveLength(json.length + 1);
    expect(book.rows.flat()).toContain(RETURN_REASON);
    expect(book.rows[1]?.[4]).toBe(1);
  });
});

describe("GIVEN intact chains WHEN verified, and THEN an event tampered with directly in DynamoDB", () => {
  it("THEN the API and the CLI report every chain intact, then the first broken link", async () => {
    const ok = await stack.api<Verify>("GET", `/v1/audit/verify?proposalId=${approved.id}`, {
      token: U.auditor,
    });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json).toMatchObject({ ok: true });
    expect(ok.json.events).toBeGreaterThan(3);
    const all = await stack.api<Verify>("GET", "/v1/audit/verify?limit=1", { token: U.auditor });
    expect(all.json).toMatchObject({ ok: true, streams: 1 });
    expect(all.json.nextCursor).toBeDefined();
    const cli = await run(
      process.execPath,
      [
        "--import",
        "tsx",
        "scripts/verify-audit.ts",
        "--endpoint",
        stack.urls.dynamodb,
        "--json",
        // The chains alone here; audit-digest.test.ts checks them against the signed digests.
        "--no-digests",
      ],
      {
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      },
    );
    expect(JSON.parse(cli.stdout)).toMatchObject({ ok: true });

    // An insider rewrites the reason of the approval (seq 3 or later) straight in the table.
    const ddb = dynamoOf(stack);
    const target = (await events(`proposalId=${approved.id}`)).json.events.find(
      (e) => e.type === "review.approved",
    );
    if (!target) throw new Error("no approval event");
    const key = { pk: `P#${approved.id}`, sk: String(target.seq).padStart(8, "0") };
    const item = (await ddb.send(new GetCommand({ TableName: AUDIT_TABLE, Key: key }))).Item;
    await ddb.send(
      new PutCommand({ TableName: AUDIT_TABLE, Item: { ...item, reason: "Đồng ý (sửa lại)" } }),
    );
    ddb.destroy();

    const broken = await stack.api<Verify>("GET", `/v1/audit/verify?proposalId=${approved.id}`, {
      token: U.auditor,
    });
    expect(broken.json.ok).toBe(false);
    expect(broken.json.firstBroken).toMatchObject({
      stream: `P#${approved.id}`,
      brokenAt: { seq: target.seq, reason: "content does not match its hash" },
    });
    let cursor: string | undefined;
    let found: Verify["firstBroken"];
    do {
      const page: { json: Verify } = await stack.api<Verify>(
        "GET",
        `/v1/audit/verify?limit=1${cursor ? `&cursor=${cursor}` : ""}`,
        { token: U.auditor },
      );
      found ??= page.json.firstBroken;
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(found?.stream).toBe(`P#${approved.id}`);

    const cliBroken = await run(process.execPath, [
      "--import",
      "tsx",
      "scripts/verify-audit.ts",
      "--endpoint",
      stack.urls.dynamodb,
      "--no-digests",
    ]).catch((e: { code: number; stdout: string }) => e);
    expect("code" in cliBroken ? cliBroken.code : 0).toBe(1);
    expect(cliBroken.stdout).toContain(`BROKEN P#${approved.id} at event ${target.seq}`);
    const cliOne = await run(process.execPath, [
      "--import",
      "tsx",
      "scripts/verify-audit.ts",
      "--endpoint",
      stack.urls.dynamodb,
      "--proposal",
      returned.id,
      "--no-digests",
    ]);
    expect(cliOne.stdout).toMatch(/^OK /);
  });

  it("THEN verification is denied outside the auditor's scope and to other roles", async () => {
    expect(
      (await stack.api("GET", `/v1/audit/verify?proposalId=${returned.id}`, { token: U.approver }))
        .status,
    ).toBe(403);
    const hg = OTHER_USERS.find((u) => u.username === "auditor.hagiang");
    if (!hg) throw new Error("fixture");
    const res = await callAs(
      stack,
      await signToken(stack, hg),
      "GET",
      `/v1/audit/verify?proposalId=${returned.id}`,
    );
    expect(res.status).toBe(403);
  });
});

describe("GIVEN the auditors' web page", () => {
  const page = async (q: string, user?: string) => {
    const headers: Record<string, string> = user
      ? { cookie: `p8_token=${await stack.token(user)}` }
      : {};
    return fetch(`${stack.urls.api}/app/audit${q}`, { headers, redirect: "manual" });
  };

  it("THEN an auditor sees the events, escaped, with export links; others are refused; strangers go to the sign-in", async () => {
    const res = await page(`?proposalId=${returned.id}`, U.auditor);
    expect(res.status).toBe(200);
    const html = await res.text();
    // The event by its name, its time in Vietnam, its actor by name, a link to the proposal.
    expect(html).toContain("Trả lại để bổ sung");
    expect(html).not.toMatch(/<td>review\.returned<\/td>/);
    expect(html).toMatch(/\d{2}:\d{2} ngày \d{2}\/\d{1,2}\/\d{4}/);
    expect(html).toContain("Nguyễn Thị Hoa");
    expect(html).toContain(`href="/app/proposals/${encodeURIComponent(returned.id)}"`);
    expect(html).toContain("Bổ sung biên bản họp tổ");
    expect(html).toContain("&quot;đối ứng&quot;");
    expect(html).toContain("format=csv");
    expect((await page(`?proposalId=${returned.id}`, U.approver)).status).toBe(403);
    const anonymous = await page("");
    expect(anonymous.status).toBe(303);
  });

  it("THEN it filters by names chosen from lists (commune, person) and local days; a combination it cannot answer is a Vietnamese 400", async () => {
    const byCommune = await page(
      "?communeId=C-BATXAT&fromDay=2026-05-01&toDay=2026-12-31",
      U.auditor,
    );
    expect(byCommune.status).toBe(200);
    const html = await byCommune.text();
    expect(html).toContain('<option value="C-BATXAT" selected>');
    expect(html).toContain("Bát Xát");
    expect(html).toContain(`href="/app/proposals/${encodeURIComponent(returned.id)}"`);
    const none = await page("?communeId=C-BATXAT&toDay=2020-01-01", U.auditor);
    expect(await none.text()).toContain("Không có sự kiện nào.");
    const both = await page(`?communeId=C-BATXAT&actorId=${U.approver}`, U.auditor);
    expect(both.status).toBe(400);
    expect(await both.text()).toContain("Chỉ chọn một trong");
    const proposal = await fetch(
      `${stack.urls.api}/app/proposals/${encodeURIComponent(returned.id)}`,
      {
        headers: { cookie: `p8_token=${await stack.token(U.auditor)}` },
        redirect: "manual",
      },
    );
    expect(proposal.status).toBe(200);
  });

  it("THEN its CSV download starts with the BOM and parses back", async () => {
    const res = await page(`?proposalId=${returned.id}&format=csv`, U.auditor);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(parseCsv(bytes.toString("utf8")).flat()).toContain(RETURN_REASON);
  });
});

describe("GIVEN claims, releases and a change of the review timetable (issue 16: audit the rest)", () => {
  it("THEN each claim and release is an event on the proposal's chain, in its history, and the chains verify", async () => {
    const p = await createDraft(stack, a2Draft());
    const taskId = await submitAndOpen(stack, p);
    const as = (user: string, op: "claim" | "unclaim") =>
      stack.api("POST", `/v1/tasks/${taskId}/${op}`, { token: user });
    expect((await as(U.approver2, "claim")).status).toBe(200);
    const taken = await as(U.approver, "claim");
    expect(taken.status).toBe(409);
    expect(taken.json).toMatchObject({ assignee: U.approver2 });
    expect((await as(U.lead, "unclaim")).status).toBe(200);
    expect((await as(U.approver, "claim")).status).toBe(200);
    expect((await as(U.approver, "unclaim")).status).toBe(200);
    const history = await stack.api<{ chain: { ok: boolean }; events: EventJson[] }>(
      "GET",
      `/v1/proposals/${p.id}/history`,
      { token: U.auditor },
    );
    expect(history.status).toBe(200);
    expect(history.json.chain.ok).toBe(true);
    const held = history.json.events.filter((e) => e.type.startsWith("review.task_"));
    expect(held.map((e) => [e.type, e.actorId])).toEqual([
      ["review.task_opened", "system"],
      ["review.task_claimed", U.approver2],
      ["review.task_unclaimed", U.lead],
      ["review.task_claimed", U.approver],
      ["review.task_unclaimed", U.approver],
    ]);
    const verified = await stack.api<Verify>("GET", `/v1/audit/verify?proposalId=${p.id}`, {
      token: U.auditor,
    });
    expect(verified.json.ok).toBe(true);
    const byType = await events("type=review.task_claimed&limit=100");
    expect(byType.json.events.filter((e) => e.subject === p.id)).toHaveLength(2);
  });

  it("THEN a settings change is an event on its own chain that auditors can query, and a refused change writes none", async () => {
    const bad = await stack.api("PUT", "/v1/settings/review", {
      token: U.admin,
      body: { remindBeforeHours: 500 },
    });
    expect(bad.status).toBe(400);
    for (const body of [{ reviewSlaHours: 96 }, { linkExpiryDays: 5 }]) {
      const res = await stack.api("PUT", "/v1/settings/review", { token: U.admin, body });
      expect(res.status, res.text).toBe(200);
    }
    const found = await events("type=settings.review_changed&limit=100");
    expect(found.status).toBe(200);
    const settings = found.json.events.filter((e) => e.stream === auditStreams.reviewSettings());
    expect(settings.map((e) => [e.seq, e.actorId])).toEqual([
      [1, U.admin],
      [2, U.admin],
    ]);
    expect((settings[0] as EventJson & { data?: unknown }).data).toMatchObject({
      changed: { reviewSlaHours: { from: 120, to: 96 } },
    });
    expect(settings[1]?.prevHash).toBe(settings[0]?.hash);
    // The stored chain itself verifies, read straight from the table.
    const db = dynamoOf(stack);
    const stored = await Promise.all(
      [1, 2].map((seq) =>
        db.send(
          new GetCommand({
            TableName: AUDIT_TABLE,
            Key: auditKeys.event(auditStreams.reviewSettings(), seq),
          }),
        ),
      ),
    );
    const chain = stored.map((r) => eventOfItem<AuditEvent>(r.Item ?? {}));
    expect(verifyChain(chain).ok).toBe(true);
  });
});
