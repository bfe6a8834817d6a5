/**
 * The norm pre-check on a proposal the caller has just read (the proposal page): the same
 * verdict as the dry run by id, authorized the same way, without a second read of the proposal.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { ForbiddenError } from "../../../shared/kernel/errors.ts";
import { previewNormCheck, previewNormCheckOf } from "../../../shared/norms/use-cases/norms.ts";
import { createProposal } from "../../../shared/proposals/use-cases/proposals.ts";
import { MemoryDb } from "../../support/memory/db.ts";
import { ACTORS, a2, type MoneyPorts, moneyPorts, txAt } from "../../support/memory/money.ts";

const T0 = "2026-06-01T03:00:00.000Z";
let ports: MoneyPorts;
beforeEach(() => {
  ports = moneyPorts(new MemoryDb());
});

describe("GIVEN a commune's draft A2 proposal read for its page", () => {
  it("THEN the check on it agrees with the check by id, under and over the cap, and reads no proposal", async () => {
    const c = ACTORS.commune;
    for (const [amount, passed] of [
      [100_000_000, true],
      [100_000_001, false],
    ] as const) {
      const p = await createProposal(ports, c, txAt(T0, c), a2(amount));
      const byId = await previewNormCheck(ports, c, txAt(T0, c), p.id);
      let reads = 0;
      const counting = {
        ...ports.proposals,
        find: async () => {
          reads++;
          return undefined;
        },
      };
      const onIt = await previewNormCheckOf(
        { ...ports, proposals: counting } as typeof ports,
        c,
        txAt(T0, c),
        p,
      );
      expect(onIt.passed).toBe(passed);
      expect(onIt).toEqual(byId);
      expect(reads).toBe(0);
    }
  });

  it("THEN a finance officer, who may not pre-check, is refused", async () => {
    const c = ACTORS.commune;
    const p = await createProposal(ports, c, txAt(T0, c), a2(10_000_000));
    const f = ACTORS.finance;
    await expect(previewNormCheckOf(ports, f, txAt(T0, f), p)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});
