import { describe, expect, it } from "vitest";
import { TT55_2023 } from "../../shared/norms/domain/index.ts";
import {
  a4Draft,
  createDraft,
  decide,
  submitAndOpen,
  U,
  waitForStatus,
} from "../support/proposals.ts";
import { useStack } from "../support/use-stack.ts";

const stack = useStack();

const localDate = (iso: string, plusDays: number) =>
  new Date(Date.parse(iso) + 7 * 3_600_000 + plusDays * 86_400_000).toISOString().slice(0, 10);

function provinceSet(effectiveFrom: string) {
  const a4 = TT55_2023.items.find((i) => i.code === "A4.LIVELIHOOD_MODEL");
  if (!a4) throw new Error("shipped set lacks A4.LIVELIHOOD_MODEL");
  return {
    id: "LC-HDND-2026",
    title: { vi: "Định mức Dự án 8 tỉnh Lào Cai (demo)", en: "Lao Cai Project 8 caps (demo)" },
    legalBasis: {
      document: "Nghị quyết HĐND tỉnh Lào Cai (demo)",
      documentEn: "Lao Cai People's Council resolution (demo)",
      issuedOn: effectiveFrom,
      effectiveOn: effectiveFrom,
      summaryVi: "Mức hỗ trợ thấp hơn mức trung ương (dữ liệu thử nghiệm)",
      summaryEn: "Lower amounts than the national caps (test data)",
    },
    scope: { kind: "province", provinceId: "P-LC" },
    phase: "2021-2025",
    effectiveFrom,
    items: [
      {
        ...a4,
        cap: 20_000_000,
        citation: {
          ...a4.citation,
          document: "Nghị quyết HĐND tỉnh Lào Cai (demo)",
          documentEn: "Lao Cai resolution (demo)",
          article: "Điều 2",
          articleEn: "Art. 2",
          quoteVi: "tối đa 20 triệu đồng/mô hình",
        },
      },
    ],
  };
}

describe("norm sets through the API", () => {
  it("lists the shipped Circular 55/2023 set with a citation on every item", async () => {
    const res = await stack.api<{
      normSets: {
        id: string;
        items: {
          code: string;
          cap: number;
          citation: { document: string; article: string; quoteVi: string };
        }[];
      }[];
    }>("GET", "/v1/norm-sets", { token: U.commune });
    expect(res.status).toBe(200);
    const tt55 = res.json.normSets.find((s) => s.id === "TT55-2023");
    expect(tt55?.items.find((i) => i.code === "A4.LIVELIHOOD_MODEL")).toMatchObject({
      cap: 30_000_000,
      citation: { document: "Thông tư 55/2023/TT-BTC", article: "Điều 37 khoản 4" },
    });
    for (const item of tt55?.items ?? []) expect(item.citation.quoteVi.length).toBeGreaterThan(0);
  });

  it("refuses a draft by a non-admin (403) and a retroactive start (400 naming effectiveFrom)", async () => {
    const now = (await (await fetch(stack.urls.clock)).json()) as { now: string };
    const forbidden = await stack.api("POST", "/v1/norm-sets/drafts", {
      token: U.commune,
      body: provinceSet(localDate(now.now, 2)),
    });
    expect(forbidden.status).toBe(403);
    const retro = await stack.api<{ errors: { field: string }[] }>("POST", "/v1/norm-sets/drafts", {
      token: U.admin,
      body: provinceSet(localDate(now.now, 0)),
    });
    expect(retro.status).toBe(400);
    expect(retro.json.errors.map((e) => e.field)).toContain("effectiveFrom");
  });

  it("GIVEN the national A2 cap raised to 5,000,000,000 đ still citing 'tối đa 100 triệu' WHEN one central officer drafts it THEN it is not in force, the drafter cannot approve it (403), and a second officer's approval is refused against the legal ceiling (400)", async () => {
    const now = (await (await fetch(stack.urls.clock)).json()) as { now: string };
    const { version: _v, publishedAt: _a, publishedBy: _b, ...tt55 } = TT55_2023;
    const body = {
      ...tt55,
      effectiveFrom: localDate(now.now, 2),
      items: tt55.items.map((i) =>
        i.code === "A2.TECH_SUPPORT" ? { ...i, cap: 5_000_000_000 } : i,
      ),
    };
    const byAdmin = await stack.api("POST", "/v1/norm-sets/drafts", { token: U.admin, body });
    expect(byAdmin.status, "a national set is the national role's").toBe(403);
    const drafted = await stack.api<{ draftId: string; status: string }>(
      "POST",
      "/v1/norm-sets/drafts",
      {
        token: U.central,
        body,
      },
    );
    expect(drafted.status, drafted.text).toBe(201);
    expect(drafted.json.status).toBe("pending");
    const self = await stack.api("POST", `/v1/norm-sets/drafts/${drafted.json.draftId}/approve`, {
      token: U.central,
      body: { confirmLegalCitations: true },
    });
    expect(self.status, self.text).toBe(403);
    const second = await stack.api<{ errors: { field: string; message: string }[] }>(
      "POST",
      `/v1/norm-sets/drafts/${drafted.json.draftId}/approve`,
      { token: U.central2, body: { confirmLegalCitations: true } },
    );
    expect(second.status, second.text).toBe(400);
    expect(second.json.errors[0]?.message).toMatch(/ceiling of 100,000,000 VND/);
    const sets = await stack.api<{ normSets: { id: string; version: number }[] }>(
      "GET",
      "/v1/norm-sets",
      {
        token: U.admin,
      },
    );
    expect(sets.json.normSets.filter((s) => s.id === "TT55-2023").map((s) => s.version)).toEqual([
      1,
    ]);
  });

  it("GIVEN a province set narrowing the A4 cap to 20,000,000 đ from the day after tomorrow, drafted by one admin and approved by a second WHEN it is in force THEN a 25,000,000 đ model breaches it, citing the province's resolution", async () => {
    const now = (await (await fetch(stack.urls.clock)).json()) as { now: string };
    const drafted = await stack.api<{ draftId: string }>("POST", "/v1/norm-sets/drafts", {
      token: U.admin,
      body: provinceSet(localDate(now.now, 2)),
    });
    expect(drafted.status, drafted.text).toBe(201);
    const published = await stack.api<{ id: string; version: number }>(
      "POST",
      `/v1/norm-sets/drafts/${drafted.json.draftId}/approve`,
      { token: U.admin2, body: {} },
    );
    expect(published.status, published.text).toBe(201);
    expect(published.json).toMatchObject({ id: "LC-HDND-2026", version: 1 });

    await stack.advanceClock(3 * 86_400);
    const draft = await createDraft(stack, a4Draft(25_000_000));
    const task = await submitAndOpen(stack, draft);
    expect((await decide(stack, task, "approve")).status).toBe(200);
    const p = await waitForStatus(stack, draft.id, "RETURNED");
    expect(p.statusReason).toMatch(/20\.000\.000/);
    expect(p.statusReason).toMatch(/Lào Cai/);
  });
});
