import type { ScopedActor } from "../../access/policy.ts";
import { DomainError, StaleVersionError } from "../../kernel/errors.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import {
  type DraftingPorts,
  type SubmissionPorts,
  submitProposal,
} from "../../proposals/use-cases/proposals.ts";
import type { Batch } from "../domain/batch.ts";
import * as domain from "../domain/batch.ts";
import type { BatchStore } from "../ports.ts";
import { loadBatch, mapSettled, PARALLEL } from "./common.ts";
import { ensureMembers } from "./create-batch.ts";

/** The ports of submitting a batch: its store, and what each member's submission needs. */
export interface BatchSubmissionPorts
  extends Omit<SubmissionPorts, "registry">,
    Omit<DraftingPorts, "proposals" | "registry"> {
  batches: Pick<BatchStore, "find" | "save">;
  registry: SubmissionPorts["registry"] & DraftingPorts["registry"];
}

export interface MemberOutcome {
  proposalId: string;
  outcome: "submitted" | "already-submitted" | "refused";
  status?: string;
  reason?: string;
}

/**
 * The commune submits the batch, once.
 * 1. authorize `proposal.submit` in the batch's commune; If-Match, when sent, is its version;
 * 2. write any member's draft still missing (a creation cut short);
 * 3. mark the batch SUBMITTED with its audit event (one transaction);
 * 4. submit every member still a draft, each in its own transaction with the outbox entry that
 *    starts its own execution (so Step Functions carries one member, never the list).
 * A retried submit skips what is done; a member refused (its beneficiary dissolved meanwhile)
 * is named and stays a draft, to be fixed and submitted on its own.
 */
export async function submitBatch(
  ports: BatchSubmissionPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  id: string,
  expected: number | undefined,
): Promise<{ batch: Batch; results: MemberOutcome[] }> {
  let batch = await loadBatch(ports.batches, actor, id, "proposal.submit");
  if (expected !== undefined && expected !== batch.version && batch.status === "DRAFT")
    throw new StaleVersionError(
      `batch ${id} is at version ${batch.version}, not ${expected}; reload and retry`,
      batch.version,
    );
  await ensureMembers(ports, actor, tx, batch);
  const change = domain.submitBatch(batch, tx);
  if (change) batch = await ports.batches.save(batch, change, tx);
  const results = await mapSettled(batch.members, PARALLEL, async (m): Promise<MemberOutcome> => {
    const p = await ports.proposals.find(m.proposalId);
    if (p && p.status !== "DRAFT")
      return { proposalId: m.proposalId, outcome: "already-submitted", status: p.status };
    try {
      const done = await submitProposal(ports, actor, tx, m.proposalId, undefined);
      return { proposalId: m.proposalId, outcome: "submitted", status: done.status };
    } catch (err) {
      if (!(err instanceof DomainError) || err.status >= 500) throw err;
      return { proposalId: m.proposalId, outcome: "refused", reason: err.message };
    }
  });
  return { batch, results };
}
