/** Four eyes on norm sets and the legal ceiling, on in-memory ports. */
import { beforeEach, describe, expect, it } from "vitest";
import type { ScopedActor } from "../../../shared/access/policy.ts";
import { ConflictError, ForbiddenError } from "../../../shared/kernel/errors.ts";
import { NormSetValidationError, TT55_2023 } from "../../../shared/norms/domain/index.ts";
import {
  approveNormSetDraft,
  draftNormSet,
  listNormSetDrafts,
} from "../../../shared/norms/use-cases/publish-norm-set.ts";
import { MemoryDb } from "../../support/memory/db.ts";
import { memoryNormSetDrafts, memoryNormSets } from "../../support/memory/norms.ts";

const central = (id: string): ScopedActor => ({
  id,
  role: "central_officer",
  unitId: "TW",
  provinceId: "TW",
});
const admin = (id: string): ScopedActor => ({
  id,
  role: "admin",
  unitId: "P-LC",
  provinceId: "P-LC",
});
const NOW = "2026-07-10T03:00:00.000Z";
const tx = (actor: ScopedActor) => ({ actor, channel: "api" as const, at: NOW });

let db: MemoryDb;
let ports: {
  normSets: ReturnType<typeof memoryNormSets>;
  drafts: ReturnType<typeof memoryNormSetDrafts>;
};
beforeEach(() => {
  db = new MemoryDb();
  ports = { normSets: memoryNormSets(db), drafts: memoryNormSetDrafts(db) };
});

/** The national set's next version with the A2 cap raised, citing what the test says. */
function raisedA2(cap: number, legalCitation?: (typeof TT55_2023.items)[number]["citation"]) {
  const { version: _v, publishedAt: _a, publishedBy: _b, ...tt55 } = TT55_2023;
  return {
    ...tt55,
    effectiveFrom: "2026-08-01",
    items: tt55.items.map((i) =>
      i.code === "A2.TECH_SUPPORT"
        ? { ...i, cap, ...(legalCitation ? { aboveCeiling: { legalCitation } } : {}) }
        : i,
    ),
  };
}

const NEW_DECREE = {
  document: "Nghị định 99/2026/NĐ-CP (giả định)",
  documentEn: "Decree 99/2026/ND-CP (hypothetical)",
  article: "Điều 5",
  articleEn: "Art. 5",
  quoteVi: "mức hỗ trợ tối đa 150 triệu đồng/mô hình",
};

describe("GIVEN the 5,000,000,000 đ A2 change still citing 'tối đa 100 triệu'", () => {
  it("WHEN one person drafts it THEN nothing takes effect, and the drafter cannot approve it", async () => {
    const c1 = central("central.1");
    const draft = await draftNormSet(ports, c1, tx(c1), raisedA2(5_000_000_000));
    expect(draft).toMatchObject({
      status: "pending",
      aboveCeiling: [{ code: "A2.TECH_SUPPORT", ceiling: 100_000_000 }],
    });
    expect((await ports.normSets.versions("TT55-2023")).map((s) => s.version)).toEqual([1]);
    await expect(approveNormSetDraft(ports, c1, tx(c1), draft.draftId, {})).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect((await ports.normSets.versions("TT55-2023")).map((s) => s.version)).toEqual([1]);
    expect(db.events("NS#TT55-2023").map((e) => e.type)).toEqual(["normset.drafted"]);
  });

  it("WHEN a second person approves it THEN it is refused against the legal ceiling, even confirmed", async () => {
    const c1 = central("central.1");
    const c2 = central("central.2");
    const draft = await draftNormSet(ports, c1, tx(c1), raisedA2(5_000_000_000));
    const err = await approveNormSetDraft(ports, c2, tx(c2), draft.draftId, {
      confirmLegalCitations: true,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NormSetValidationError);
    const issue = (err as NormSetValidationError).issues[0];
    expect(issue?.path).toBe("items.0.aboveCeiling.legalCitation");
    expect(issue?.messageVi).toMatch(
      /100\.000\.000 đ \(Thông tư 55\/2023\/TT-BTC, Điều 37 khoản 1/,
    );
    expect((await ports.normSets.versions("TT55-2023")).map((s) => s.version)).toEqual([1]);
  });

  it("WHEN an admin (not the national role) drafts a national set THEN 403", async () => {
    const a = admin("admin");
    await expect(draftNormSet(ports, a, tx(a), raisedA2(90_000_000))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});

describe("GIVEN a national cap above the ceiling citing a new legal text", () => {
  it("WHEN the second person approves without confirming THEN refused; confirming THEN version 2 is published with both names", async () => {
    const c1 = central("central.1");
    const c2 = central("central.2");
    const draft = await draftNormSet(ports, c1, tx(c1), raisedA2(150_000_000, NEW_DECREE));
    const unconfirmed = await approveNormSetDraft(ports, c2, tx(c2), draft.draftId, {}).catch(
      (e: unknown) => e,
    );
    expect((unconfirmed as NormSetValidationError).issues.map((i) => i.path)).toEqual([
      "confirmLegalCitations",
    ]);
    const set = await approveNormSetDraft(ports, c2, tx(c2), draft.draftId, {
      confirmLegalCitations: true,
    });
    expect(set).toMatchObject({ version: 2, draftedBy: "central.1", publishedBy: "central.2" });
    expect(db.events("NS#TT55-2023").map((e) => e.type)).toEqual([
      "normset.drafted",
      "normset.published",
    ]);
    await expect(
      approveNormSetDraft(ports, central("central.3"), tx(central("central.3")), draft.draftId, {
        confirmLegalCitations: true,
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await listNormSetDrafts(ports, c2))[0]).toMatchObject({
      status: "approved",
      approvedBy: "central.2",
    });
  });
});

describe("GIVEN a province set", () => {
  const a4 = TT55_2023.items.find((i) => i.code === "A4.LIVELIHOOD_MODEL");
  const provinceSet = (cap: number) => ({
    id: "LC-HDND-2026",
    title: { vi: "Định mức tỉnh Lào Cai", en: "Lao Cai caps" },
    legalBasis: {
      document: "Nghị quyết HĐND tỉnh Lào Cai",
      documentEn: "Lao Cai resolution",
      issuedOn: "2026-07-01",
      effectiveOn: "2026-07-15",
      summaryVi: "Mức thấp hơn",
      summaryEn: "Lower",
    },
    scope: { kind: "province", provinceId: "P-LC" },
    phase: "2021-2025",
    effectiveFrom: "2026-07-15",
    items: [{ ...a4, cap, aboveCeiling: { legalCitation: NEW_DECREE } }],
  });

  it("WHEN an admin drafts a narrower set THEN a second admin's approval publishes it", async () => {
    const a1 = admin("admin");
    const a2 = admin("admin2");
    const d = await draftNormSet(ports, a1, tx(a1), provinceSet(20_000_000));
    expect((await approveNormSetDraft(ports, a2, tx(a2), d.draftId, {})).version).toBe(1);
  });

  it("WHEN it goes above the legal ceiling THEN it is refused at once, whatever it cites", async () => {
    const a1 = admin("admin");
    const err = await draftNormSet(ports, a1, tx(a1), provinceSet(40_000_000)).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(NormSetValidationError);
    expect(db.commits).toBe(0);
  });

  it("WHEN it starts before its resolution takes effect THEN 400 naming effectiveFrom", async () => {
    const a1 = admin("admin");
    const body = { ...provinceSet(20_000_000), effectiveFrom: "2026-07-12" };
    const err = (await draftNormSet(ports, a1, tx(a1), body).catch(
      (e: unknown) => e,
    )) as NormSetValidationError;
    expect(err.issues.map((i) => i.path)).toContain("effectiveFrom");
  });
});
