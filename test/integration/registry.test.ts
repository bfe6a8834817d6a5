/**
 * The programme registry on the local stack. The free-text bypass of issue 12 tried again as a
 * new user would, against the one-off A2 cap (100,000,000 đ): case, diacritic, spacing and
 * punctuation variants, the same text in another commune, a merged duplicate. Then the A1
 * indicators from the demo data, worked out by hand; spreadsheet imports through the API and the
 * page (one bad row imports nothing and names the row and column; a clean file imports every
 * row); the pages.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toXlsx } from "../../shared/audit/domain/export/xlsx.ts";
import { dataIndexKeys, dataKeys } from "../../shared/tables/data-table.ts";
import { DATA_TABLE, dynamoOf } from "../support/audit-support.ts";
import { type StackHandle, startStack } from "../support/local-stack.ts";
import {
  a2Draft,
  decide,
  getProposal,
  type ProposalJson,
  registerFor,
  registrationOf,
  U,
  waitFor,
} from "../support/proposals.ts";

const execFileAsync = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

let stack: StackHandle;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.dispose();
});

const CAP = 100_000_000;

interface Problem {
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
  duplicates?: { id: string }[];
  problems?: { row: number; column?: string; field?: string }[];
}

async function register(
  name: string,
  user: string = U.commune,
  communeId = "C-BATXAT",
  extra = {},
) {
  return stack.api<{ id: string } & Problem>("POST", "/v1/registry/beneficiaries", {
    token: user,
    body: { ...registrationOf("COOPERATIVE", communeId, name), ...extra },
  });
}

const draftFor = (beneficiaryId: string, supportAmount: number, communeId = "C-BATXAT") =>
  a2Draft({
    communeId,
    beneficiaryId,
    title: `Hỗ trợ ${supportAmount}`,
    items: [
      {
        code: "A2.TECH_SUPPORT",
        description: "Thương hiệu",
        supportAmount,
        totalCost: supportAmount,
      },
    ],
  });

async function draft(
  beneficiaryId: string,
  supportAmount: number,
  user: string = U.commune,
  communeId = "C-BATXAT",
) {
  const res = await stack.api<ProposalJson>("POST", "/v1/proposals", {
    token: user,
    body: draftFor(beneficiaryId, supportAmount, communeId),
  });
  expect(res.status, res.text).toBe(201);
  return res.json;
}

/** Submits, approves as the reviewing unit, and waits for the norm check's outcome. */
async function approve(p: ProposalJson, user: string = U.commune): Promise<ProposalJson> {
  const submitted = await stack.api<ProposalJson>("POST", `/v1/proposals/${p.id}/submit`, {
    token: user,
    headers: { "if-match": `"${p.version}"` },
  });
  expect(submitted.status, submitted.text).toBe(202);
  const taskId = await waitFor(
    `task of ${p.id}`,
    async () => (await getProposal(stack, p.id, user)).currentTaskId,
  );
  expect((await decide(stack, taskId, "approve")).status).toBe(200);
  return waitFor(
    `the norm check of ${p.id}`,
    async () => {
      const now = await getProposal(stack, p.id, user);
      return now.status === "APPROVED" || now.status === "RETURNED" ? now : undefined;
    },
    60_000,
  );
}

describe("GIVEN the free-text bypass of issue 12, tried again against the one-off A2 cap", () => {
  let htxA = "";

  it("WHEN HTX-A is registered THEN it gets a system id; case, diacritic, spacing and punctuation variants are refused as likely duplicates", async () => {
    const first = await register("HTX-A");
    expect(first.status, first.text).toBe(201);
    htxA = first.json.id;
    expect(htxA).toMatch(/^BN-[0-9A-HJKMNP-TV-Z]{10}$/);
    for (const variant of ["htx-a", "HTX-Â", "HTX  -  A", "H.T.X. A", "hợp tác xã A"]) {
      const res = await register(variant);
      expect(res.status, variant).toBe(409);
      expect(
        res.json.duplicates?.map((d) => d.id),
        variant,
      ).toEqual([htxA]);
    }
  });

  it("WHEN a proposal names its beneficiary by free text THEN it is refused (400): only a registry id counts", async () => {
    const { beneficiaryId: _b, ...rest } = draftFor(htxA, 1_000_000);
    const typed = await stack.api<Problem>("POST", "/v1/proposals", {
      token: U.commune,
      body: { ...rest, beneficiary: { kind: "COOPERATIVE", id: "htx-a", name: "HTX A" } },
    });
    expect(typed.status).toBe(400);
    expect(typed.json.errors?.map((e) => e.field)).toEqual(
      expect.arrayContaining(["beneficiaryId"]),
    );
    for (const id of ["htx-a", "HTX-A.2", "BN-ZZZZZZZZZZ"]) {
      const res = await stack.api<Problem>("POST", "/v1/proposals", {
        token: U.commune,
        body: { ...rest, beneficiaryId: id },
      });
      expect(res.status, id).toBe(400);
      expect(res.json.errors?.[0]?.field, id).toBe("beneficiaryId");
    }
  });

  it("WHEN HTX-A is approved for the full 100,000,000 đ THEN any further support for it breaches the cumulative cap", async () => {
    const full = await approve(await draft(htxA, CAP));
    expect(full.status).toBe("APPROVED");
    const more = await approve(await draft(htxA, 1_000_000));
    expect(more.status).toBe("RETURNED");
    expect(more.statusReason).toContain("Vượt định mức lũy kế");
    expect(more.statusReason).toContain("100.000.000");
  });

  it("WHEN the same text is registered in another commune THEN it is another beneficiary with its own cap, which Bát Xát cannot use", async () => {
    const other = await register("HTX-A", U.commune2, "C-MUONGHUM");
    expect(other.status, other.text).toBe(201);
    expect(other.json.id).not.toBe(htxA);
    const borrowed = await stack.api<Problem>("POST", "/v1/proposals", {
      token: U.commune,
      body: draftFor(other.json.id, 1_000_000),
    });
    expect(borrowed.status).toBe(400);
    expect(borrowed.json.errors?.[0]).toMatchObject({
      field: "beneficiaryId",
      message: "registered in another commune",
    });
    const own = await approve(
      await draft(other.json.id, CAP, U.commune2, "C-MUONGHUM"),
      U.commune2,
    );
    expect(own.status).toBe("APPROVED");
  });

  it("WHEN a duplicate (HTX-A.2) got its own 100,000,000 đ and is then merged THEN the kept entry has no room left, whichever id a proposal names", async () => {
    const dup = await register("HTX-A.2");
    expect(dup.status, dup.text).toBe(201);
    const dupId = dup.json.id;
    expect((await approve(await draft(dupId, CAP))).status).toBe("APPROVED");
    const waiting = await draft(dupId, 1_000_000);
    const merged = await stack.api<{
      summary: { proposals: string[]; usage: { usageKey: string; reserved: number }[] };
    }>("POST", "/v1/registry/merges", {
      token: U.province,
      body: { keepId: htxA, mergeId: dupId, reason: "HTX-A.2 là HTX-A" },
    });
    expect(merged.status, merged.text).toBe(200);
    expect(merged.json.summary.proposals).toContain(waiting.id);
    expect(merged.json.summary.usage).toEqual([{ usageKey: "A2.TECH_SUPPORT#ALL", reserved: CAP }]);
    // The draft written for the duplicate now names the kept entry, and breaches its cap.
    const rebound = await getProposal(stack, waiting.id);
    expect((rebound as unknown as { beneficiary: { id: string } }).beneficiary.id).toBe(htxA);
    expect((await approve(rebound)).status).toBe("RETURNED");
    // A new proposal naming the merged id resolves to the kept entry: no room either.
    const late = await draft(dupId, 1_000_000);
    expect((late as unknown as { beneficiary: { id: string } }).beneficiary.id).toBe(htxA);
    expect((await approve(late)).status).toBe("RETURNED");
    const entry = await stack.api<{
      history: { ok: boolean; chains: { id: string }[]; events: { type: string }[] };
    }>("GET", `/v1/registry/beneficiaries/${htxA}?include=history`, { token: U.auditor });
    expect(entry.json.history.ok).toBe(true);
    expect(entry.json.history.chains.map((c) => c.id)).toEqual([htxA, dupId]);
  });
});

describe("GIVEN the demo savings groups of Bát Xát", () => {
  it("WHEN the A1 indicators of 2025 are asked THEN they are worked out by hand from the demo data", async () => {
    // Tổ TKVVTB thôn Lếch Mông (founded 15/03/2024, GALS since 10/01/2025): 6 members; introduced
    // in 2025: Mai (01/06), Xuân (20/09) = 2/6 = 33.3 %; supported in 2025: Dợ (12/04), Xuân
    // (05/08) = 2/6 = 33.3 %; GALS: 1 group. Tổ thôn Sàng Chải (founded 2026) is out of 2025.
    const r = await stack.api<Record<string, unknown>>(
      "GET",
      "/v1/registry/indicators/a1?communeId=C-BATXAT&from=2025-01-01&to=2025-12-31",
      { token: U.commune },
    );
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({
      groupsInScope: 1,
      membersCounted: 6,
      introducedToFormalFinance: { numerator: 2, denominator: 6, percent: 33.3 },
      supportedInLivelihoods: { numerator: 2, denominator: 6, percent: 33.3 },
      groupsApplyingGals: { count: 1, target: 1800 },
    });
  });
});

const HEADER = "kind,commune_id,name,village,founded_on,leadership";
const rows = (tag: string) => [
  `TO_TKVVTB,C-BATXAT,Tổ nhập ${tag} 1,Thôn ${tag},15/03/2024,`,
  `HTX,C-BATXAT,HTX nhập ${tag},,,lam_chu`,
  `TO_TKVVTB,C-BATXAT,Tổ nhập ${tag} 2,Thôn ${tag},2024-04-01,`,
];
const file = (lines: string[]) => `${HEADER}\r\n${lines.join("\r\n")}\r\n`;

async function names(): Promise<string[]> {
  const res = await stack.api<{ entries: { name: string }[] }>(
    "GET",
    "/v1/registry/beneficiaries?communeId=C-BATXAT&limit=100",
    {
      token: U.commune,
    },
  );
  return res.json.entries.map((e) => e.name);
}

async function post(path: string, type: string, body: string | Buffer) {
  const res = await fetch(`${stack.urls.api}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${await stack.token(U.province)}`, "content-type": type },
    body,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> & Problem };
}

describe("GIVEN spreadsheets of the province, through the API", () => {
  it("WHEN a file has one bad row THEN the dry run and the import name its row and column, and nothing is imported", async () => {
    const bad = rows("api-bad");
    bad[1] = "HTX,C-BATXAT,HTX nhập api-bad,,,giam_doc";
    const dry = await post("/v1/registry/imports", "text/csv", file(bad));
    expect(dry.status).toBe(200);
    expect(dry.json).toMatchObject({
      outcome: "refused",
      problems: [{ row: 3, column: "F", field: "leadership" }],
    });
    const refused = await post("/v1/registry/imports?dryRun=false", "text/csv", file(bad));
    expect(refused.status).toBe(400);
    expect(refused.json.errors?.[0]?.field).toBe("row 3, column F (leadership)");
    expect((await names()).filter((n) => n.includes("api-bad"))).toEqual([]);
  });

  it("WHEN a clean CSV and a clean XLSX are imported THEN every row is registered", async () => {
    const csv = await post("/v1/registry/imports?dryRun=false", "text/csv", file(rows("api-csv")));
    expect(csv.status, JSON.stringify(csv.json)).toBe(201);
    expect(csv.json).toMatchObject({ outcome: "imported", rows: 3 });
    const xlsx = toXlsx(
      "Danh sách",
      HEADER.split(","),
      rows("api-xlsx").map((r) => r.split(",")),
    );
    const x = await post(
      "/v1/registry/imports?dryRun=false",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      xlsx,
    );
    expect(x.status, JSON.stringify(x.json)).toBe(201);
    const all = await names();
    expect(all.filter((n) => n.includes("api-csv"))).toHaveLength(3);
    expect(all.filter((n) => n.includes("api-xlsx"))).toHaveLength(3);
  });

  it("WHEN the body is not a spreadsheet type or too large THEN 415 / 413", async () => {
    expect((await post("/v1/registry/imports", "application/json", "{}")).status).toBe(415);
    expect(
      (await post("/v1/registry/imports", "text/csv", "x".repeat(2 * 1024 * 1024 + 1))).status,
    ).toBe(413);
  });
});

const csrf = (token: string, action: string) =>
  createHash("sha256").update(`csrf\n${token}\n${action}`).digest("base64url");

async function upload(content: string, mode: "dryRun" | "import") {
  const token = await stack.token(U.province);
  const boundary = "----registry-test";
  const part = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const body = `${part("_csrf", csrf(token, "/app/registry/import"))}${part("layout", "beneficiaries")}${part("mode", mode)}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="danh-sach.csv"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  const res = await fetch(`${stack.urls.api}/app/registry/import`, {
    method: "POST",
    headers: {
      cookie: `p8_token=${token}`,
      "content-type": `multipart/form-data; boundary=${boundary}`,
    },
    body,
    redirect: "manual",
  });
  return { status: res.status, html: await res.text() };
}

describe("GIVEN spreadsheets of the province, through the page", () => {
  it("WHEN a file with one bad row is uploaded THEN the page names the row and column and nothing is imported", async () => {
    const bad = rows("page-bad");
    bad[0] = "TO_TKVVTB,C-BATXAT,Tổ nhập page-bad 1,,15/03/2024,";
    const page = await upload(file(bad), "import");
    expect(page.status).toBe(400);
    expect(page.html).toContain("không nhập dòng nào");
    expect(page.html).toMatch(/<tr><td>2<\/td><td>D <span class="meta">village<\/span><\/td>/);
    expect((await names()).filter((n) => n.includes("page-bad"))).toEqual([]);
  });

  it("WHEN a clean file is checked, then imported THEN the page says so and every row is registered", async () => {
    const checked = await upload(file(rows("page-ok")), "dryRun");
    expect(checked.status).toBe(200);
    expect(checked.html).toContain("không có lỗi");
    expect((await names()).filter((n) => n.includes("page-ok"))).toEqual([]);
    const done = await upload(file(rows("page-ok")), "import");
    expect(done.status).toBe(200);
    expect(done.html).toContain("Đã nhập 3 dòng");
    expect((await names()).filter((n) => n.includes("page-ok"))).toHaveLength(3);
  });
});

describe("GIVEN the registry pages", () => {
  const page = async (path: string, user: string, init: RequestInit = {}) => {
    const res = await fetch(`${stack.urls.api}${path}`, {
      ...init,
      headers: { cookie: `p8_token=${await stack.token(user)}`, ...(init.headers ?? {}) },
      redirect: "manual",
    });
    return { status: res.status, html: await res.text(), location: res.headers.get("location") };
  };

  it("WHEN the commune officer opens the registry THEN it is Vietnamese first, light, loads no script file, and lists the demo entries", async () => {
    const p = await page("/app/registry", U.commune);
    expect(p.status).toBe(200);
    expect(p.html).toContain('lang="vi"');
    expect(p.html).toContain("Tổ TKVVTB thôn Lếch Mông");
    // Only the layout's inline drafts script (a few hundred bytes); nothing to download.
    expect(p.html).not.toMatch(/<script[^>]*\bsrc=/i);
    expect(Buffer.byteLength(p.html)).toBeLessThan(100 * 1024);
    const group = await page("/app/registry/BN-DEM0000001", U.commune);
    expect(group.html).toContain("Lý Thị Mai (demo)");
    expect(group.html).toContain("Số liệu sinh hoạt tổ");
    expect(Buffer.byteLength(group.html)).toBeLessThan(100 * 1024);
    const forProvince = await page("/app/registry/BN-DEM0000001?lang=en", U.province);
    expect(forProvince.html).not.toContain("Lý Thị Mai");
    expect(forProvince.html).toContain("(hidden)");
  });

  it("WHEN she registers through the form THEN it redirects to the new entry; a likely duplicate re-renders with the warning", async () => {
    const token = await stack.token(U.commune);
    const form = (name: string, extra: Record<string, string> = {}) =>
      new URLSearchParams({
        _csrf: csrf(token, "/app/registry"),
        kind: "COOPERATIVE",
        communeId: "C-BATXAT",
        name,
        leadership: "women_led",
        ...extra,
      }).toString();
    const post = (body: string) =>
      page("/app/registry", U.commune, {
        method: "POST",
        body,
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
    const created = await post(form("HTX Trang Đăng Ký"));
    expect(created.status).toBe(303);
    expect(created.location).toMatch(/^\/app\/registry\/BN-/);
    const dup = await post(form("htx trang dang ky"));
    expect(dup.status).toBe(409);
    expect(dup.html).toContain("Có thể trùng");
    const id = /\/app\/registry\/(BN-[0-9A-Z]+)/.exec(created.location ?? "")?.[1] ?? "?";
    expect(dup.html).toContain(id);
  });
});

describe("GIVEN proposals stored before the registry, with free-text beneficiaries", () => {
  const run = async () => {
    const { stdout } = await execFileAsync(
      path.join(ROOT, "node_modules/.bin/tsx"),
      ["scripts/migrate-registry.ts", "--endpoint", stack.urls.dynamodb],
      { cwd: ROOT, env: { ...process.env, AWS_ENDPOINT_URL: "" } },
    );
    return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Record<string, number>;
  };

  it("WHEN the migration script runs THEN HTX-LEGACY and htx-legacy become one entry holding both approvals, and a re-run changes nothing", async () => {
    const ddb = dynamoOf(stack);
    const legacy = (id: string, text: string, amount: number) => {
      const p = {
        id,
        reference: `P8-2026-${id}`,
        activity: "A2",
        phase: "2021-2025",
        title: "Đề xuất cũ",
        communeId: "C-BATXAT",
        reviewUnitId: "RU-BX",
        provinceId: "P-LC",
        beneficiary: { kind: "COOPERATIVE", id: text, name: "HTX Cũ" },
        items: [
          { code: "A2.TECH_SUPPORT", description: "x", supportAmount: amount, totalCost: amount },
        ],
        status: "APPROVED",
        version: 4,
        submissionNo: 1,
        createdAt: "2026-02-01T00:00:00.000Z",
        createdBy: U.commune,
        updatedAt: "2026-02-03T00:00:00.000Z",
        approvedAmount: amount,
        disbursedTotal: 0,
        disbursementCount: 0,
        reportCount: 0,
        auditSeq: 0,
        auditHash: "",
      };
      return new PutCommand({
        TableName: DATA_TABLE,
        Item: { ...dataKeys.proposal(id), ...dataIndexKeys.proposal(p), ...p },
      });
    };
    await ddb.send(legacy("legacy-1", "HTX-LEGACY", 100_000_000));
    await ddb.send(legacy("legacy-2", "htx-legacy", 60_000_000));
    await ddb.send(
      new PutCommand({
        TableName: DATA_TABLE,
        Item: {
          ...dataKeys.normUsage("COOPERATIVE", "HTX-LEGACY", "A2.TECH_SUPPORT#ALL"),
          reserved: 100_000_000,
          "h#legacy-1": 100_000_000,
          cap: 100_000_000,
          measure: "dong",
        },
      }),
    );
    await ddb.send(
      new PutCommand({
        TableName: DATA_TABLE,
        Item: {
          ...dataKeys.normUsage("COOPERATIVE", "htx-legacy", "A2.TECH_SUPPORT#ALL"),
          reserved: 60_000_000,
          "h#legacy-2": 60_000_000,
          cap: 100_000_000,
          measure: "dong",
        },
      }),
    );
    const first = await run();
    expect(first).toMatchObject({ migrated: 2, entriesCreated: 1, holdsMoved: 2, failed: [] });
    const a = await getProposal(stack, "legacy-1");
    const b = await getProposal(stack, "legacy-2");
    const id = (a as unknown as { beneficiary: { id: string } }).beneficiary.id;
    expect(id).toMatch(/^BN-/);
    expect((b as unknown as { beneficiary: { id: string } }).beneficiary.id).toBe(id);
    const row = await ddb.send(
      new GetCommand({
        TableName: DATA_TABLE,
        Key: dataKeys.normUsage("COOPERATIVE", id, "A2.TECH_SUPPORT#ALL"),
      }),
    );
    expect(row.Item).toMatchObject({
      reserved: 160_000_000,
      "h#legacy-1": 100_000_000,
      "h#legacy-2": 60_000_000,
    });
    const entry = await stack.api<{ incomplete?: string[] }>(
      "GET",
      `/v1/registry/beneficiaries/${id}`,
      { token: U.commune },
    );
    expect(entry.json.incomplete).toEqual(["leadership", "memberCounts"]);
    // A new proposal for the migrated entry finds no room under the one-off cap.
    const more = await draft(id, 1_000_000);
    const check = await stack.api<{ passed: boolean }>(
      "POST",
      `/v1/proposals/${more.id}/norm-check`,
      { token: U.commune },
    );
    expect(check.json.passed).toBe(false);
    const again = await run();
    expect(again).toMatchObject({ migrated: 0, entriesCreated: 0 });
    ddb.destroy();
  });
});

describe("GIVEN norm rules that read the registered beneficiary", () => {
  const a3 = (beneficiaryId: string, code: string, amount: number) => ({
    activity: "A3",
    title: `ĐCTC ${code}`,
    communeId: "C-BATXAT",
    beneficiaryId,
    items: [{ code, description: "Trang bị", supportAmount: amount, totalCost: amount }],
  });
  const a1 = (beneficiaryId: string, months: number, startMonth?: string) => ({
    activity: "A1",
    title: `Tổ TKVVTB ${months} tháng`,
    communeId: "C-BATXAT",
    beneficiaryId,
    items: [
      {
        code: "A1.SAVINGS_BOX_RUNNING",
        description: "Hòm và chi phí sinh hoạt",
        supportAmount: 500_000 * months,
        totalCost: 500_000 * months,
        months,
        ...(startMonth ? { startMonth } : {}),
      },
    ],
  });
  const create = async (body: unknown) => {
    const res = await stack.api<ProposalJson>("POST", "/v1/proposals", { token: U.commune, body });
    expect(res.status, res.text).toBe(201);
    return res.json;
  };

  it("WHEN a trusted address got the founding package THEN the upgrading package is refused; approved at once, only one passes", async () => {
    const address = await registerFor(stack, { activity: "A3" });
    expect(
      (await approve(await create(a3(address, "A3.NEW_ADDRESS_EQUIPMENT", 10_000_000)))).status,
    ).toBe("APPROVED");
    const upgrade = await approve(await create(a3(address, "A3.UPGRADE_EQUIPMENT", 3_000_000)));
    expect(upgrade.status).toBe("RETURNED");
    expect(upgrade.statusReason).toContain("A3.NEW_ADDRESS_EQUIPMENT");
    // Two approvals racing for the two packages of a new address: the transaction of one
    // cancels the other's (the other package's row must hold nothing).
    const other = await registerFor(stack, { activity: "A3" });
    const drafts = await Promise.all([
      create(a3(other, "A3.NEW_ADDRESS_EQUIPMENT", 5_000_000)),
      create(a3(other, "A3.UPGRADE_EQUIPMENT", 2_000_000)),
    ]);
    const finals = await Promise.all(drafts.map((d) => approve(d)));
    expect(finals.map((p) => p.status).sort()).toEqual(["APPROVED", "RETURNED"]);
  });

  it("WHEN A1's running costs claim months outside the group's first three from founding THEN they are refused", async () => {
    // Groups founded on 2026-05-01 (registerFor); the stack's clock is in June 2026.
    const inWindow = await registerFor(stack, { activity: "A1" });
    expect((await approve(await create(a1(inWindow, 3, "2026-05")))).status).toBe("APPROVED");
    const late = await registerFor(stack, { activity: "A1" });
    const refused = await approve(await create(a1(late, 3)));
    expect(refused.status).toBe("RETURNED");
    expect(refused.statusReason).toContain("3 tháng đầu tiên kể từ ngày thành lập");
  });
});
