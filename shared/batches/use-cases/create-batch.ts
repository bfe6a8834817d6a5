import { authorize, type ScopedActor } from "../../access/policy.ts";
import { DomainError, type FieldError, ValidationError } from "../../kernel/errors.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import { createProposal, type DraftingPorts } from "../../proposals/use-cases/proposals.ts";
import type { Batch, BatchActivity, MemberSpec } from "../domain/batch.ts";
import * as domain from "../domain/batch.ts";
import type { BatchStore } from "../ports.ts";
import { mapSettled, PARALLEL } from "./common.ts";

export interface CreateBatchInput {
  activity: BatchActivity;
  title: string;
  period?: string | undefined;
  fundingSource?: Batch["fundingSource"] | undefined;
  communeId: string;
  members: MemberSpec[];
}

/** The ports of creating a batch: its store, and what creating each member's draft needs. */
export interface BatchDraftingPorts extends DraftingPorts {
  batches: Pick<BatchStore, "newId" | "save" | "find">;
}

/**
 * A commune creates a batch (a list of its A1 groups, its A3 addresses).
 * 1. resolve the commune (routing is data) and authorize `proposal.create` there;
 * 2. check the list before anything is written: 1-100 members, no beneficiary twice, each a
 *    registered beneficiary of this commune whose kind fits the activity (a 400 names
 *    `members.<i>.beneficiaryId`);
 * 3. write the batch with every member's proposal id allocated, and its audit event (one
 *    transaction);
 * 4. write each member's draft, its own transaction each (a member is a real proposal).
 * A creation cut short between 3 and 4 leaves members without a draft: the batch page shows
 * them, and submitting the batch writes them first (ensureMembers).
 */
export async function createBatch(
  ports: BatchDraftingPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  input: CreateBatchInput,
): Promise<Batch> {
  const commune = await ports.directory.commune(input.communeId);
  authorize(actor, "proposal.create", {
    communeId: commune.id,
    reviewUnitId: commune.reviewUnitId,
    provinceId: commune.provinceId,
  });
  domain.checkMembers(input.members);
  const errors: FieldError[] = [];
  await mapSettled(input.members, 8, async (m, i) => {
    try {
      await ports.registry.forProposal(m.beneficiaryId, {
        activity: input.activity,
        communeId: commune.id,
        proposalId: "batch-check",
      });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const short = fieldMessage(err) ?? err.message;
      errors.push({ field: `members.${i}.beneficiaryId`, message: short });
    }
  });
  if (errors.length > 0) {
    errors.sort((a, b) => memberIndex(a.field) - memberIndex(b.field));
    throw new ValidationError("members of the batch cannot be proposed", errors);
  }
  const change = domain.createBatch(
    {
      id: ports.batches.newId(),
      activity: input.activity,
      title: input.title,
      ...(input.period ? { period: input.period } : {}),
      ...(input.fundingSource ? { fundingSource: input.fundingSource } : {}),
      communeId: commune.id,
      reviewUnitId: commune.reviewUnitId,
      provinceId: commune.provinceId,
      members: input.members.map((m) => ({ ...m, proposalId: ports.proposals.newId() })),
    },
    tx,
  );
  const batch = await ports.batches.save(null, change, tx);
  await ensureMembers(ports, actor, tx, batch);
  return batch;
}

const memberIndex = (field: string) => Number(field.split(".")[1] ?? 0);
const fieldMessage = (err: DomainError): string | undefined =>
  err instanceof ValidationError ? err.errors[0]?.message : undefined;

/** Writes the draft of every member that has none yet (idempotent: each id is the batch's). */
export async function ensureMembers(
  ports: DraftingPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  batch: Batch,
): Promise<void> {
  await mapSettled(batch.members, PARALLEL, async (m) => {
    if (await ports.proposals.find(m.proposalId)) return;
    await createProposal(
      ports,
      actor,
      tx,
      {
        activity: batch.activity,
        title: m.title ?? batch.title,
        ...(batch.period ? { summary: `${batch.title} (${batch.period})` } : {}),
        ...(batch.fundingSource ? { fundingSource: batch.fundingSource } : {}),
        communeId: batch.communeId,
        beneficiaryId: m.beneficiaryId,
        items: m.items,
      },
      { id: m.proposalId, batchId: batch.id },
    );
  });
}
