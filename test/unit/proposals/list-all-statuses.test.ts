/**
 * A province or auditor listing proposals without a status gets every status (it used to get
 * only IN_REVIEW), a page at a time, walking the statuses in the documented order.
 */
import { describe, expect, it } from "vitest";
import type { ScopedActor } from "../../../shared/access/policy.ts";
import { ValidationError } from "../../../shared/kernel/errors.ts";
import type { ProposalStatus } from "../../../shared/kernel/types.ts";
import type { Proposal } from "../../../shared/proposals/domain/proposal.ts";
import {
  listProposals,
  PROVINCE_LIST_ORDER,
} from "../../../shared/proposals/use-cases/list-proposals.ts";
import { MemoryDb } from "../../support/memory/db.ts";
import { DEMO_UNITS, memoryDirectory } from "../../support/memory/directory.ts";
import { memoryProposalStore } from "../../support/memory/proposals.ts";

const auditor: ScopedActor = {
  id: "auditor.laocai",
  role: "auditor",
  unitId: "P-LC",
  provinceId: "P-LC",
};
const central: ScopedActor = {
  id: "central",
  role: "central_officer",
  unitId: "VN",
  provinceId: "VN",
};

function seed(db: MemoryDb, statuses: ProposalStatus[], provinceId = "P-LC") {
  statuses.forEach((status, i) => {
    const id = `${provinceId}-${String(i).padStart(3, "0")}`;
    db.put(`proposal#${id}`, {
      id,
      provinceId,
      communeId: provinceId === "P-LC" ? "C-BATXAT" : "C-LUNGCU",
      status,
      createdAt: `2026-05-01T00:00:${String(i).padStart(2, "0")}Z`,
      updatedAt: `2026-05-02T00:00:${String(i).padStart(2, "0")}Z`,
    } as unknown as Proposal);
  });
}

describe("GIVEN proposals of a province in six statuses", () => {
  const db = new MemoryDb();
  const statuses: ProposalStatus[] = [
    "DRAFT",
    "IN_REVIEW",
    "APPROVED",
    "CLOSED",
    "IN_REVIEW",
    "MONITORING",
    "RETURNED",
  ];
  seed(db, statuses);
  seed(db, ["IN_REVIEW", "APPROVED"], "P-HG");
  const ports = { proposals: memoryProposalStore(db), directory: memoryDirectory(DEMO_UNITS) };

  it("WHEN an auditor lists without a status, 3 at a time THEN every proposal of the province comes, once, in the documented order", async () => {
    const seen: { id: string; status: string }[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listProposals(ports, auditor, { limit: 3, ...(cursor ? { cursor } : {}) });
      expect(page.proposals.length).toBeLessThanOrEqual(3);
      seen.push(...page.proposals.map((p) => ({ id: p.id, status: p.status })));
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 20);
    expect(seen.map((p) => p.id).sort()).toEqual(
      statuses.map((_, i) => `P-LC-${String(i).padStart(3, "0")}`),
    );
    const rank = (s: string) => PROVINCE_LIST_ORDER.indexOf(s as ProposalStatus);
    expect(seen.map((p) => rank(p.status))).toEqual(
      [...seen.map((p) => rank(p.status))].sort((a, b) => a - b),
    );
    expect(seen[0]?.status).toBe("IN_REVIEW");
  });

  it("WHEN a cursor is forged THEN it is a 400 naming the cursor", async () => {
    await expect(listProposals(ports, auditor, { limit: 3, cursor: "99~" })).rejects.toThrow(
      ValidationError,
    );
    await expect(listProposals(ports, auditor, { limit: 3, cursor: "x" })).rejects.toThrow(
      ValidationError,
    );
  });

  it("WHEN the central level lists THEN it names the province, and reads any", async () => {
    await expect(listProposals(ports, central, { limit: 10 })).rejects.toThrow(ValidationError);
    const hg = await listProposals(ports, central, { limit: 10, provinceId: "P-HG" });
    expect(hg.proposals.map((p) => p.id).sort()).toEqual(["P-HG-000", "P-HG-001"]);
  });
});
