/**
 * The A1 indicators on the monitoring dashboards count the registry's facts: every write of a
 * savings group or a member (registration, members added and corrected, a dissolution) stages
 * the counters in its own transaction, so the dashboard read from the counters equals the
 * registry's own A1 computation from stored data (GET /v1/registry/indicators/a1) at every step,
 * and the values are the ones worked out by hand below. On the running stack, IAM enforced.
 */
import { describe, expect, it } from "vitest";
import { U } from "../support/proposals.ts";
import { useStack } from "../support/use-stack.ts";

const stack = useStack();

interface Figure {
  value: number | null;
}
interface DashboardJson {
  indicators: ({ code: string } & Figure)[];
}
interface A1Json {
  groupsInScope: number;
  membersCounted: number;
  introducedToFormalFinance: { percent: number | null };
  supportedInLivelihoods: { percent: number | null };
  groupsApplyingGals: { count: number };
}

const QUARTERS: Record<string, [string, string]> = {
  "2025": ["2025-01-01", "2025-12-31"],
  "2026-Q1": ["2026-01-01", "2026-03-31"],
  "2026-Q2": ["2026-04-01", "2026-06-30"],
};

async function call<T>(method: string, path: string, token: string, body?: unknown) {
  const res = await stack.api<T>(method, path, { token, ...(body ? { body } : {}) });
  expect(res.status, `${method} ${path}: ${res.text}`).toBeLessThan(300);
  return res.json;
}

/** The A1 figures of a commune's dashboard for a period, from the counters. */
async function dashboard(communeId: string, period: string, token: string) {
  const d = await call<DashboardJson>(
    "GET",
    `/v1/monitoring/dashboard?placeId=${communeId}&period=${period}`,
    token,
  );
  const v = (code: string) => d.indicators.find((i) => i.code === code)?.value ?? null;
  return {
    groups: v("A1.GROUPS_ACTIVE"),
    founded: v("A1.GROUPS_FOUNDED"),
    members: v("A1.MEMBERS"),
    introducedPct: v("A1.FORMAL_FINANCE_PCT"),
    supportedPct: v("A1.LIVELIHOOD_PCT"),
    gals: v("A1.GALS_GROUPS"),
  };
}

/** The same figures computed by the registry from the stored groups and members. */
async function fromRegistry(communeId: string, period: string, token: string) {
  const [from, to] = QUARTERS[period] ?? ["", ""];
  const a = await call<A1Json>(
    "GET",
    `/v1/registry/indicators/a1?communeId=${communeId}&from=${from}&to=${to}`,
    token,
  );
  return {
    groups: a.groupsInScope,
    members: a.membersCounted,
    introducedPct: a.introducedToFormalFinance.percent,
    supportedPct: a.supportedInLivelihoods.percent,
    gals: a.groupsApplyingGals.count,
  };
}

async function expectAgree(communeId: string, period: string, token: string) {
  const counters = await dashboard(communeId, period, token);
  const { founded: _founded, ...rest } = counters;
  expect(rest, `${communeId} ${period}`).toEqual(await fromRegistry(communeId, period, token));
  return counters;
}

describe("GIVEN the demo savings groups of Bát Xát", () => {
  it("WHEN the commune's dashboard of 2025 is read THEN its A1 figures are the ones worked out by hand, as the registry computes them", async () => {
    // Tổ TKVVTB thôn Lếch Mông (founded 15/03/2024, GALS since 10/01/2025): 6 members; introduced
    // in 2025: 2 of 6 = 33.3 %; supported in 2025: 2 of 6 = 33.3 %; Sàng Chải (2026) is out.
    const d = await expectAgree("C-BATXAT", "2025", U.commune);
    expect(d).toEqual({
      groups: 1,
      founded: 0,
      members: 6,
      introducedPct: 33.3,
      supportedPct: 33.3,
      gals: 1,
    });
  });
});

describe("GIVEN a savings group registered in Mường Hum", () => {
  it("WHEN members join, one is supported (a correction) and the group dissolves THEN each write moves the dashboard exactly as the registry's own computation", async () => {
    const officer = U.commune2;
    const before = await expectAgree("C-MUONGHUM", "2026-Q1", officer);
    const beforeQ2 = await expectAgree("C-MUONGHUM", "2026-Q2", officer);

    const group = await call<{ id: string; version: number }>(
      "POST",
      "/v1/registry/beneficiaries",
      officer,
      {
        kind: "SAVINGS_GROUP",
        communeId: "C-MUONGHUM",
        name: "Tổ TKVVTB thôn Đếm đếm",
        village: "Thôn Đếm",
        foundedOn: "2026-01-10",
        galsSince: "2026-02-01",
      },
    );
    let d = await expectAgree("C-MUONGHUM", "2026-Q1", officer);
    expect(d.groups).toBe((before.groups ?? 0) + 1);
    expect(d.founded).toBe((before.founded ?? 0) + 1);
    expect(d.gals).toBe((before.gals ?? 0) + 1);

    const members = `/v1/registry/beneficiaries/${group.id}/members`;
    await call("POST", members, officer, {
      name: "Thào Thị Mỷ",
      gender: "female",
      ethnicity: "Mông",
      joinedOn: "2026-01-10",
      introductions: [{ institution: "NHCSXH Bát Xát", on: "2026-02-15" }],
    });
    const m2 = await call<{ id: string; version: number }>("POST", members, officer, {
      name: "Lý Văn Páo",
      gender: "male",
      ethnicity: "Dao",
      joinedOn: "2026-03-01",
    });
    d = await expectAgree("C-MUONGHUM", "2026-Q1", officer);
    expect(d.members).toBe((before.members ?? 0) + 2);

    // A support recorded on the second member: a rewrite of an existing member.
    await call("PUT", `${members}/${m2.id}`, officer, {
      name: "Lý Văn Páo",
      gender: "male",
      ethnicity: "Dao",
      joinedOn: "2026-03-01",
      supports: [{ what: "Giống lợn đen", on: "2026-03-05" }],
      version: m2.version,
    });
    await expectAgree("C-MUONGHUM", "2026-Q1", officer);

    // Dissolved on 20/02/2026: the second member (joined 01/03) no longer counts in Q1 and the
    // group is out of Q2; the group's own fact moves every member's counters.
    const g = await call<{ version: number }>(
      "GET",
      `/v1/registry/beneficiaries/${group.id}`,
      officer,
    );
    await call("PUT", `/v1/registry/beneficiaries/${group.id}`, officer, {
      kind: "SAVINGS_GROUP",
      name: "Tổ TKVVTB thôn Đếm đếm",
      village: "Thôn Đếm",
      foundedOn: "2026-01-10",
      galsSince: "2026-02-01",
      status: "dissolved",
      statusSince: "2026-02-20",
      version: g.version,
    });
    d = await expectAgree("C-MUONGHUM", "2026-Q1", officer);
    expect(d.members).toBe((before.members ?? 0) + 1);
    expect(d.groups).toBe((before.groups ?? 0) + 1);
    const q2 = await expectAgree("C-MUONGHUM", "2026-Q2", officer);
    expect(q2.groups).toBe(beforeQ2.groups);
    expect(q2.members).toBe(beforeQ2.members);
  });
});

async function importCsv(layout: string, csv: string) {
  const res = await fetch(`${stack.urls.api}/v1/registry/imports?layout=${layout}&dryRun=false`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${await stack.token(U.province)}`,
      "content-type": "text/csv",
    },
    body: csv,
  });
  const text = await res.text();
  expect(res.status, text).toBe(201);
  return JSON.parse(text) as { created?: { row: number; id: string }[] };
}

describe("GIVEN the province imports groups and members, and merges two groups", () => {
  it("WHEN 30 groups of two communes founded over six years and 60 members with dated introductions are imported THEN every transaction fits and the counters agree with the registry; after a merge too", async () => {
    // Founded and applying GALS in quarters spread over six years: a chunk of 20 such rows
    // touches more counter cells than fit beside the rows' own 41 items in one transaction, so
    // the import must cut its file by the items each chunk writes.
    const years = [2020, 2021, 2022, 2023, 2024, 2025];
    const groups = Array.from({ length: 30 }, (_, i) => {
      const y = years[i % years.length] ?? 2025;
      const m = String(((i * 5) % 12) + 1).padStart(2, "0");
      const g = String(((i * 7) % 12) + 1).padStart(2, "0");
      const commune = i % 2 === 0 ? "C-MUONGHUM" : "C-BATXAT";
      return `TO_TKVVTB,${commune},Tổ nhập đếm ${i},Thôn ${i},${y}-${m}-0${(i % 9) + 1},${y < 2025 ? `${y + 1}-${g}-15` : ""}`;
    });
    const imported = await importCsv(
      "beneficiaries",
      `kind,commune_id,name,village,founded_on,gals_since\r\n${groups.join("\r\n")}\r\n`,
    );
    const ids = (imported.created ?? []).map((c) => c.id);
    const first = ids[0] ?? (await firstImported());
    for (const period of ["2025", "2026-Q1", "2026-Q2"]) {
      await expectAgree("C-MUONGHUM", period, U.commune2);
      await expectAgree("C-BATXAT", period, U.commune);
    }

    // 60 members of one group, joined and introduced on dates spread over six years.
    const members = Array.from({ length: 60 }, (_, i) => {
      const y = years[i % years.length];
      const q = String(((i * 7) % 12) + 1).padStart(2, "0");
      const intro = i % 2 === 0 ? `Ngân hàng Chính sách xã hội,${y}-${q}-20` : ",";
      return `${first},Thành viên đếm ${i},${i % 3 === 0 ? "nam" : "nu"},1980,Mông,2021-01-05,,${intro},,,`;
    });
    await importCsv(
      "members",
      `group_id,name,gender,birth_year,ethnicity,joined_on,left_on,institution,institution_on,livelihood_support,support_on,confirm_distinct\r\n${members.join("\r\n")}\r\n`,
    );
    for (const period of ["2025", "2026-Q1", "2026-Q2"])
      await expectAgree("C-MUONGHUM", period, U.commune2);

    // The first imported group merged into the third (both of Mường Hum): its members count
    // once, in the kept one.
    const merged = await stack.api("POST", "/v1/registry/merges", {
      token: U.province,
      body: { keepId: ids[2], mergeId: first, reason: "cùng một tổ" },
    });
    expect(merged.status, merged.text).toBe(200);
    for (const period of ["2025", "2026-Q1", "2026-Q2"])
      await expectAgree("C-MUONGHUM", period, U.commune2);
  });
});

/** When the import's answer lists no ids: the first imported group, by name. */
async function firstImported(): Promise<string> {
  const list = await call<{ entries: { id: string; name: string }[] }>(
    "GET",
    "/v1/registry/beneficiaries?communeId=C-MUONGHUM&kind=SAVINGS_GROUP&limit=100",
    U.commune2,
  );
  const g = list.entries.find((e) => e.name === "Tổ nhập đếm 0");
  if (!g) throw new Error("the imported group is not listed");
  return g.id;
}
