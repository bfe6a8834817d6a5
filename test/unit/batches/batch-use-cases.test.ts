/**
 * Batches on in-memory ports: the same use cases the handlers run, with the review's own
 * decision for each member. No Java, no stack.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { createBatch } from "../../../shared/batches/use-cases/create-batch.ts";
import { decideBatch } from "../../../shared/batches/use-cases/decide-batch.ts";
import { readBatch } from "../../../shared/batches/use-cases/read-batch.ts";
import { submitBatch } from "../../../shared/batches/use-cases/submit-batch.ts";
import { ValidationError } from "../../../shared/kernel/errors.ts";
import { openReviewTask } from "../../../shared/review/use-cases/review.ts";
import { claimTask } from "../../../shared/review/use-cases/task-assignment.ts";
import { memoryBatchStore } from "../../support/memory/batches.ts";
import { memoryNormSets, memoryNormUsage } from "../../support/memory/norms.ts";
import { seedEntry } from "../../support/memory/registry.ts";
import { at, P, reviewWorld } from "../../support/memory/review-world.ts";

const T = "2026-06-01T03:00:00.000Z";
const a1 = (beneficiaryId: string, supportAmount = 1_500_000) => ({
  beneficiaryId,
  items: [
    {
      code: "A1.SAVINGS_BOX_RUNNING",
      description: "Hòm và chi phí sinh hoạt",
      supportAmount,
      totalCost: supportAmount,
      months: 3,
      startMonth: "2026-05",
    },
  ],
});

function world() {
  const w = reviewWorld();
  for (const id of ["BN-GRP0000001", "BN-GRP0000002", "BN-GRP0000003"])
    seedEntry(w.db, {
      id,
      kind: "SAVINGS_GROUP",
      communeId: "C-BATXAT",
      provinceId: "P-LC",
      name: `Tổ ${id}`,
    });
  seedEntry(w.db, {
    id: "BN-GRP0000009",
    kind: "SAVINGS_GROUP",
    communeId: "C-TAVAN",
    provinceId: "P-LC",
    name: "Tổ Tả Van",
  });
  return {
    ...w,
    batches: memoryBatchStore(w.db),
    normSets: memoryNormSets(w.db),
    usage: memoryNormUsage(w.db),
  };
}
type World = ReturnType<typeof world>;
let w: World;
beforeEach(() => {
  w = world();
});

const input = (members: ReturnType<typeof a1>[]) => ({
  activity: "A1" as const,
  title: "Tổ TKVVTB quý 2",
  communeId: "C-BATXAT",
  members,
});

/** A submitted batch of three groups (the third over the cap), every member's task opened. */
async function submitted() {
  const b = await createBatch(
    w,
    P.commune,
    at(T, P.commune),
    input([a1("BN-GRP0000001"), a1("BN-GRP0000002"), a1("BN-GRP0000003", 2_000_000)]),
  );
  const sent = await submitBatch(w, P.commune, at(T, P.commune), b.id, b.version);
  expect(sent.results.map((r) => r.outcome)).toEqual(["submitted", "submitted", "submitted"]);
  const tasks = [];
  for (const m of b.members) {
    const p = await w.proposals.find(m.proposalId);
    if (!p) throw new Error("member missing");
    tasks.push(
      await openReviewTask(w, { proposalId: p.id, submissionNo: 1, taskToken: `token-${p.id}` }, T),
    );
  }
  return { batch: b, ids: b.members.map((m) => m.proposalId), tasks };
}

describe("GIVEN a commune's list", () => {
  it("WHEN a member is of another commune THEN nothing is written and the member is named", async () => {
    const refused = await createBatch(
      w,
      P.commune,
      at(T, P.commune),
      input([a1("BN-GRP0000001"), a1("BN-GRP0000009")]),
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).errors).toEqual([
      { field: "members.1.beneficiaryId", message: "registered in another commune" },
    ]);
    expect(w.db.keys("batch#")).toEqual([]);
    expect(
      (await w.proposals.ofCommune("C-BATXAT", undefined, { limit: 10, scope: 1 })).proposals,
    ).toEqual([]);
  });

  it("WHEN it is created THEN each member is a draft proposal of its own naming the batch", async () => {
    const b = await createBatch(
      w,
      P.commune,
      at(T, P.commune),
      input([a1("BN-GRP0000001"), a1("BN-GRP0000002")]),
    );
    for (const m of b.members) {
      const p = await w.proposals.find(m.proposalId);
      expect(p).toMatchObject({
        status: "DRAFT",
        batchId: b.id,
        beneficiary: { id: m.beneficiaryId },
      });
    }
    expect((await w.batches.history(b.id)).map((e) => e.type)).toEqual(["batch.created"]);
  });
});

describe("GIVEN a submitted batch of three, one over the cap", () => {
  it("WHEN the reviewer reads it THEN each member carries its own norm check", async () => {
    const { batch } = await submitted();
    const r = await readBatch(w, P.approver, { at: T }, batch.id);
    expect(r.members.map((m) => m.norms?.passed)).toEqual([true, true, false]);
    expect(r.progress).toBe("IN_REVIEW");
  });

  it("WHEN another approver holds one member and the reviewer decides all at once THEN that member is refused and untouched, the failing one named, the rest decided", async () => {
    const { batch, ids, tasks } = await submitted();
    await claimTask(w, P.approver2, at(T, P.approver2), tasks[1]?.id ?? "");
    const res = await decideBatch(w, P.approver, at(T, P.approver), batch.id, {
      decision: "approve",
    });
    expect(res.results.map((r) => [r.proposalId, r.outcome])).toEqual([
      [ids[0], "decided"],
      [ids[1], "refused"],
      [ids[2], "norm-failed"],
    ]);
    expect((await w.proposals.find(ids[0] ?? ""))?.status).toBe("NORM_CHECK");
    expect((await w.proposals.find(ids[1] ?? ""))?.status).toBe("IN_REVIEW");
    expect((await w.tasks.find(tasks[1]?.id ?? ""))?.status).toBe("OPEN");
    // The holder finishes; repeating it decides nothing twice.
    const rest = await decideBatch(w, P.approver2, at(T, P.approver2), batch.id, {
      decision: "approve",
    });
    expect(rest.results.map((r) => r.outcome)).toEqual([
      "already-decided",
      "decided",
      "norm-failed",
    ]);
    const events = (await w.batches.history(batch.id)).map((e) => e.type);
    expect(events).toEqual(["batch.created", "batch.submitted", "batch.decided", "batch.decided"]);
    for (const id of ids.slice(0, 2)) {
      const types = (await w.proposals.history(id)).map((e) => e.type);
      expect(types.filter((t) => t === "review.approved")).toHaveLength(1);
    }
  });

  it("WHEN the reviewer returns all without a comment THEN every member is refused and nothing moves", async () => {
    const { batch, ids } = await submitted();
    const res = await decideBatch(w, P.approver, at(T, P.approver), batch.id, {
      decision: "return",
    });
    expect(res.results.map((r) => r.outcome)).toEqual(["refused", "refused", "refused"]);
    for (const id of ids) expect((await w.proposals.find(id))?.status).toBe("IN_REVIEW");
    expect((await w.batches.history(batch.id)).map((e) => e.type)).not.toContain("batch.decided");
  });
});
