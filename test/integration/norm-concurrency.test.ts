import { describe, expect, it } from "vitest";
import {
  a4Draft,
  createDraft,
  decide,
  getProposal,
  registerFor,
  submitAndOpen,
  U,
  waitFor,
} from "../support/proposals.ts";
import { useStack } from "../support/use-stack.ts";

const stack = useStack();

describe("atomic reservation against a cap", () => {
  it("GIVEN 20 proposals for one A4 model (cap 30,000,000 đ) of 10,000,000 đ each WHEN all 20 are approved at once THEN exactly 3 pass and the rest come back with a norm breach", async () => {
    // One registered survivor case: its caps are shared by all 20 proposals.
    const beneficiaryId = await registerFor(stack, { activity: "A4" });
    const drafts = await Promise.all(
      Array.from({ length: 20 }, () => createDraft(stack, a4Draft(10_000_000, { beneficiaryId }))),
    );
    const tasks = await Promise.all(drafts.map((d) => submitAndOpen(stack, d)));

    const decisions = await Promise.all(tasks.map((t) => decide(stack, t, "approve")));
    expect(decisions.map((d) => d.status)).toEqual(Array(20).fill(200));

    const finals = await waitFor(
      "every norm check to settle",
      async () => {
        const ps = await Promise.all(drafts.map((d) => getProposal(stack, d.id)));
        return ps.every((p) => p.status === "APPROVED" || p.status === "RETURNED") ? ps : undefined;
      },
      60_000,
    );

    const approved = finals.filter((p) => p.status === "APPROVED");
    const returned = finals.filter((p) => p.status === "RETURNED");
    expect(approved).toHaveLength(3);
    expect(returned).toHaveLength(17);
    expect(approved.reduce((s, p) => s + (p.approvedAmount ?? 0), 0)).toBeLessThanOrEqual(
      30_000_000,
    );
    for (const p of returned) {
      expect(p.normCheck?.passed).toBe(false);
      expect(p.statusReason).toMatch(/30\.000\.000/);
    }

    // A dry run for a 21st proposal of the same model now fails on the cumulative rule, and reserves nothing.
    const extra = await createDraft(stack, a4Draft(1_000_000, { beneficiaryId }));
    const preview = await stack.api<{ passed: boolean; reservations: unknown[] }>(
      "POST",
      `/v1/proposals/${extra.id}/norm-check`,
      { token: U.commune },
    );
    expect(preview.status, preview.text).toBe(200);
    expect(preview.json.passed).toBe(false);
    expect((await getProposal(stack, extra.id)).status).toBe("DRAFT");
  });
});
