/**
 * The migration of proposals stored before the registry, on in-memory ports: free texts that
 * differ in case, diacritics, spacing or punctuation become one entry; the same text in two
 * communes becomes two; each proposal's holds move onto its entry; a re-run changes nothing.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { Proposal } from "../../../shared/proposals/domain/proposal.ts";
import { SYSTEM_ACTOR } from "../../../shared/proposals/domain/proposal.ts";
import { isRegistryId } from "../../../shared/registry/domain/ids.ts";
import { migrateProposals } from "../../../shared/registry/use-cases/migrate.ts";
import { registryWorld } from "../../support/memory/registry.ts";

let w: ReturnType<typeof registryWorld>;
const tx = { actor: SYSTEM_ACTOR, channel: "system" as const, at: "2026-07-01T00:00:00Z" };

function legacy(
  id: string,
  communeId: string,
  text: string,
  amount: number,
  over: Partial<Proposal> = {},
): Proposal {
  const p = {
    id,
    reference: `P8-2026-${id}`,
    activity: "A2",
    phase: "2021-2025",
    title: "Thương hiệu",
    communeId,
    reviewUnitId: "RU-BX",
    provinceId: "P-LC",
    beneficiary: { kind: "COOPERATIVE", id: text, name: `HTX ${text}` },
    items: [
      { code: "A2.TECH_SUPPORT", description: "x", supportAmount: amount, totalCost: amount },
    ],
    status: "APPROVED",
    version: 3,
    submissionNo: 1,
    createdAt: "2026-03-01T00:00:00Z",
    createdBy: "commune.batxat",
    updatedAt: "2026-03-02T00:00:00Z",
    approvedAmount: amount,
    disbursedTotal: 0,
    disbursementCount: 0,
    reportCount: 0,
    auditSeq: 0,
    auditHash: "",
    ...over,
  } as Proposal;
  w.db.put(`proposal#${id}`, p);
  return p;
}

const source = () => ({
  async *all() {
    for (const k of w.db.keys("proposal#")) yield w.db.get<Proposal>(k) as Proposal;
  },
});

beforeEach(() => {
  w = registryWorld();
  // The bypass as it was: three texts for one HTX, each approved for the full cap, and the same
  // text used by another commune (sharing one usage row with Bát Xát's).
  legacy("p1", "C-BATXAT", "HTX-A", 100_000_000);
  legacy("p2", "C-BATXAT", "htx-a", 100_000_000);
  legacy("p3", "C-BATXAT", "HTX-A.2", 100_000_000);
  legacy("p4", "C-MUONGHUM", "HTX-A", 40_000_000);
  const row = (id: string, holds: Record<string, number>) =>
    w.usage.seed(
      { kind: "COOPERATIVE", id },
      {
        usageKey: "A2.TECH_SUPPORT#ALL",
        reserved: Object.values(holds).reduce((a, b) => a + b, 0),
        holds,
        cap: 100_000_000,
        measure: "dong",
      },
    );
  row("HTX-A", { p1: 100_000_000, p4: 40_000_000 });
  row("htx-a", { p2: 100_000_000 });
  row("HTX-A.2", { p3: 100_000_000 });
});

describe("GIVEN proposals with free-text beneficiaries", () => {
  it("WHEN migrated THEN each becomes a registry entry per commune, kind and normalized text, and its holds move with it", async () => {
    const ports = { ...w, source: source() };
    const report = await migrateProposals(ports, tx);
    expect(report).toMatchObject({
      scanned: 4,
      migrated: 4,
      entriesCreated: 3,
      holdsMoved: 4,
      failed: [],
    });
    const p1 = await w.proposals.find("p1");
    const p2 = await w.proposals.find("p2");
    const p3 = await w.proposals.find("p3");
    const p4 = await w.proposals.find("p4");
    expect(isRegistryId(p1?.beneficiary.id ?? "")).toBe(true);
    // HTX-A and htx-a: one entry, and its usage is both approvals — no room left.
    expect(p2?.beneficiary.id).toBe(p1?.beneficiary.id);
    const a = w.usage.row(
      { kind: "COOPERATIVE", id: p1?.beneficiary.id ?? "" },
      "A2.TECH_SUPPORT#ALL",
    );
    expect(a).toMatchObject({ reserved: 200_000_000, holds: { p1: 100_000_000, p2: 100_000_000 } });
    // HTX-A.2 is another text: another entry (the province may merge it: see the merge tests).
    expect(p3?.beneficiary.id).not.toBe(p1?.beneficiary.id);
    // The same text in Mường Hum: its own entry and its own usage, no longer shared.
    expect(p4?.beneficiary.id).not.toBe(p1?.beneficiary.id);
    expect(
      w.usage.row({ kind: "COOPERATIVE", id: p4?.beneficiary.id ?? "" }, "A2.TECH_SUPPORT#ALL"),
    ).toMatchObject({ reserved: 40_000_000 });
    expect(w.usage.row({ kind: "COOPERATIVE", id: "HTX-A" }, "A2.TECH_SUPPORT#ALL")).toMatchObject({
      reserved: 0,
      holds: {},
    });
    const entry = await w.registry.find(p1?.beneficiary.id ?? "");
    expect(entry).toMatchObject({
      communeId: "C-BATXAT",
      kind: "COOPERATIVE",
      incomplete: ["leadership", "memberCounts"],
    });
    expect(await w.registry.references(entry?.id ?? "")).toEqual(["p1", "p2"]);
    expect((await w.proposals.history("p1")).at(-1)).toMatchObject({
      type: "proposal.beneficiary_rebound",
      reason: "migration",
      data: { from: "HTX-A" },
    });
    expect((await w.registry.history(entry?.id ?? "")).map((e) => e.type)).toEqual([
      "beneficiary.migrated",
    ]);
  });

  it("WHEN the migration runs again THEN nothing changes", async () => {
    await migrateProposals({ ...w, source: source() }, tx);
    const commits = w.db.commits;
    const again = await migrateProposals({ ...w, source: source() }, tx);
    expect(again).toMatchObject({ scanned: 4, alreadyRegistered: 4, migrated: 0 });
    expect(w.db.commits).toBe(commits);
  });

  it("WHEN two texts name the same HTX THEN the second is flagged for the province as a likely duplicate", async () => {
    legacy("p5", "C-BATXAT", "HTX-CHE", 1_000_000, {
      beneficiary: { kind: "COOPERATIVE", id: "HTX-CHE", name: "HTX Chè Y Tý" },
    });
    legacy("p6", "C-BATXAT", "CHE-YTY", 1_000_000, {
      beneficiary: { kind: "COOPERATIVE", id: "CHE-YTY", name: "HTX Chè Y Tý" },
    });
    const report = await migrateProposals({ ...w, source: source() }, tx);
    expect(report.flaggedForReview).toBe(1);
    expect((await w.registry.flags("P-LC")).length).toBe(1);
  });
});
