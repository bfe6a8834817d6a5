import { authorize, type ScopedActor } from "../../access/policy.ts";
import type { Directory } from "../../directory/ports.ts";
import {
  ConflictError,
  NotFoundError,
  PreconditionRequiredError,
  StaleVersionError,
} from "../../kernel/errors.ts";
import { WriteConditionsFailed } from "../../kernel/pending-write.ts";
import type { PersonalData } from "../../kernel/types.ts";
import { BUSINESS_METRICS, countMetric } from "../../metrics.ts";
import { phaseFor, sourceOfPhase } from "../../norms/domain/phase.ts";
import type { PersonalDataCipher, PseudonymKey } from "../../privacy/ports.ts";
import type { Outbox, Workflow } from "../../workflow/ports.ts";
import * as lifecycle from "../domain/lifecycle.ts";
import type { DraftFields, Proposal, TransitionContext } from "../domain/proposal.ts";
import { executionNamesOf } from "../domain/workflow-issues.ts";
import type { BeneficiaryRegistry, ProposalStore } from "../ports.ts";

export const scopeOf = (p: Proposal) => ({
  communeId: p.communeId,
  reviewUnitId: p.reviewUnitId,
  provinceId: p.provinceId,
});

/** What the commune sends: the beneficiary by its registry id (kind and name come from the
 * registry); the phase is optional (it follows the funding source or the date). */
export type DraftInput = Omit<DraftFields, "beneficiary" | "phase"> & {
  beneficiaryId: string;
  phase?: DraftFields["phase"] | undefined;
  personal?: PersonalData;
};
export type EditInput = Omit<DraftFields, "beneficiary" | "communeId" | "phase"> & {
  /** Absent: the proposal keeps its beneficiary. */
  beneficiaryId?: string;
  phase?: DraftFields["phase"] | undefined;
  personal?: PersonalData;
};

/**
 * The draft's fields with its funding source and phase resolved: a stated phase (older clients)
 * stands for its funding source; without either, the phase follows the date (provisionally the
 * creation's; the norm check fixes it on the decision date).
 */
function resolvePhase<
  T extends {
    phase?: DraftFields["phase"] | undefined;
    fundingSource?: DraftFields["fundingSource"];
  },
>(
  input: T,
  at: string,
): Omit<T, "phase" | "fundingSource"> & Pick<DraftFields, "phase" | "fundingSource"> {
  const { phase, fundingSource: stated, ...rest } = input;
  const fundingSource = stated ?? (phase ? sourceOfPhase(phase) : undefined);
  return {
    ...rest,
    phase: phaseFor(fundingSource, at),
    ...(fundingSource ? { fundingSource } : {}),
  };
}

/** Activities whose beneficiaries are survivors: the only ones that may carry personal data. */
const SURVIVOR_ACTIVITIES: ReadonlySet<string> = new Set(["A3", "A4"]);

/** The ports the commune's drafting use cases need. */
export interface DraftingPorts {
  proposals: ProposalStore;
  directory: Pick<Directory, "commune">;
  cipher: Pick<PersonalDataCipher, "seal">;
  pseudonyms: PseudonymKey;
  registry: Pick<BeneficiaryRegistry, "forProposal">;
}

/** The ports of submission: the proposal, the outbox that starts its workflow, the workflow. */
export interface SubmissionPorts {
  proposals: ProposalStore;
  outbox: Pick<Outbox, "stageStart" | "deliver">;
  workflow: Pick<Workflow, "start">;
  registry: Pick<BeneficiaryRegistry, "current">;
}

/** A staged registry write failed: the beneficiary was locked for a merge meanwhile. */
function beneficiaryMoved(err: unknown): never {
  if (err instanceof WriteConditionsFailed) {
    throw new ConflictError(
      "the beneficiary is being merged into another registry entry; reload it and retry",
    );
  }
  throw err;
}

/**
 * Creates a draft in the actor's commune.
 * 1. resolve the commune and its reviewing unit (routing is data);
 * 2. authorize in that scope; 3. resolve the registered beneficiary (its kind fits the activity,
 *    it is in the same commune, it is active): caps key on its registry id;
 * 4. seal personal data, bound to the new id; 5. compute the survivor's pseudonym once (KMS HMAC key) for a proposal
 *    that has or may get personal data;
 * 6. write draft + audit event + the registry's reference atomically (the entry must still be
 *    active: a merge cannot miss it).
 */
export async function createProposal(
  ports: DraftingPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  input: DraftInput,
  /** A member of a batch (shared/batches): the id its batch allocated, and the batch. */
  member?: { id: string; batchId: string },
): Promise<Proposal> {
  const commune = await ports.directory.commune(input.communeId);
  authorize(actor, "proposal.create", {
    communeId: commune.id,
    reviewUnitId: commune.reviewUnitId,
    provinceId: commune.provinceId,
  });
  const { personal, beneficiaryId, ...given } = input;
  const rest = resolvePhase(given, tx.at);
  const id = member?.id ?? ports.proposals.newId();
  const { beneficiary, writes } = await ports.registry.forProposal(beneficiaryId, {
    activity: rest.activity,
    communeId: commune.id,
    proposalId: id,
  });
  const fields: DraftFields = { ...rest, communeId: commune.id, beneficiary };
  const sealed = personal
    ? await ports.cipher.seal(personal, { proposalId: id, field: "personal" })
    : undefined;
  const survivorPseudonym =
    sealed || SURVIVOR_ACTIVITIES.has(fields.activity)
      ? await ports.pseudonyms.pseudonymOf(id)
      : undefined;
  const reference = await ports.proposals.nextReference(Number(tx.at.slice(0, 4)));
  const change = lifecycle.createDraft(
    {
      id,
      reference,
      fields,
      reviewUnitId: commune.reviewUnitId,
      provinceId: commune.provinceId,
      ...(sealed ? { personal: sealed } : {}),
      ...(survivorPseudonym ? { survivorPseudonym } : {}),
      ...(member ? { batchId: member.batchId } : {}),
    },
    tx,
  );
  return (await ports.proposals.save(null, change, tx, writes).catch(beneficiaryMoved)).proposal;
}

/** Loads a proposal and checks that the actor may do `action` on it (403 names the action). */
export async function loadAuthorized(
  proposals: Pick<ProposalStore, "find">,
  actor: ScopedActor,
  id: string,
  action: Parameters<typeof authorize>[1],
): Promise<Proposal> {
  const p = await proposals.find(id);
  if (!p) throw new NotFoundError(`proposal ${id} does not exist`);
  authorize(actor, action, scopeOf(p));
  return p;
}

function checkVersion(p: Proposal, expected: number | undefined): void {
  if (expected === undefined) {
    throw new PreconditionRequiredError(
      `send If-Match: "${p.version}" (or "version" in the body) to change proposal ${p.id}`,
    );
  }
  if (expected !== p.version) {
    throw new StaleVersionError(
      `proposal ${p.id} is at version ${p.version}, not ${expected}; reload and retry`,
      p.version,
    );
  }
}

/**
 * Edits a draft or returned proposal (version-checked; personal data re-sealed). The beneficiary
 * is resolved again from the registry (a changed name or founding date is picked up; a new
 * registry id moves the reference in the same transaction).
 */
export async function updateProposal(
  ports: Omit<DraftingPorts, "directory" | "pseudonyms">,
  actor: ScopedActor,
  tx: TransitionContext,
  id: string,
  expected: number | undefined,
  input: EditInput,
): Promise<Proposal> {
  const p = await loadAuthorized(ports.proposals, actor, id, "proposal.edit");
  checkVersion(p, expected);
  const { personal, beneficiaryId, ...given } = input;
  const rest = resolvePhase(given, tx.at);
  const target = beneficiaryId ?? p.beneficiary.id;
  const { beneficiary, writes } = await ports.registry.forProposal(target, {
    activity: rest.activity,
    communeId: p.communeId,
    proposalId: p.id,
    ...(target !== p.beneficiary.id ? { previousId: p.beneficiary.id } : {}),
  });
  const sealed = personal
    ? await ports.cipher.seal(personal, { proposalId: p.id, field: "personal" })
    : undefined;
  const change = lifecycle.editDraft(p, { ...rest, beneficiary }, sealed, tx);
  return (await ports.proposals.save(p, change, tx, writes).catch(beneficiaryMoved)).proposal;
}

/**
 * Submits a draft (or a returned proposal) for review.
 * 1. transition DRAFT|RETURNED → IN_REVIEW with its audit event and the outbox entry that
 *    starts the submission's execution, in one transaction (atomic, version-checked);
 * 2. deliver the entry (start the execution named after the submission; idempotent).
 * If step 2 fails the sweep delivers the entry; a retried submit starts it again.
 */
export async function submitProposal(
  ports: SubmissionPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  id: string,
  expected: number | undefined,
): Promise<Proposal> {
  const p = await loadAuthorized(ports.proposals, actor, id, "proposal.submit");
  if (
    p.status === "IN_REVIEW" &&
    !p.currentTaskId &&
    (expected === undefined || expected === p.version)
  ) {
    // A retried submit whose first attempt committed but did not start the workflow.
    await ports.workflow.start(p.id, p.submissionNo);
    return p;
  }
  if (expected !== undefined) checkVersion(p, expected);
  // The registry's facts as they are now (a corrected founding date counts at approval).
  const beneficiary = await ports.registry.current(p.beneficiary.id, {
    activity: p.activity,
    communeId: p.communeId,
  });
  const change = lifecycle.submit(
    JSON.stringify(beneficiary) === JSON.stringify(p.beneficiary) ? p : { ...p, beneficiary },
    tx,
  );
  const start = ports.outbox.stageStart(tx.at, p.id, change.next.submissionNo);
  const { proposal } = await ports.proposals.save(p, change, tx, [start.write]);
  countMetric(BUSINESS_METRICS.proposalsSubmitted);
  await ports.outbox.deliver(start.entry);
  return proposal;
}

/** The ports of a cancel: the proposal, and the workflow whose executions it stops. */
export interface CancelPorts {
  proposals: ProposalStore;
  workflow: Pick<Workflow, "stop">;
}

/**
 * The commune withdraws a draft or returned proposal.
 * 1. authorize and check the state (DRAFT or RETURNED: neither needs an execution);
 * 2. stop every execution the current submission may still have running (its first and its
 *    repairs'): one still waiting on a token whose signal is in the outbox, say, would otherwise
 *    time out in weeks and act on a cancelled proposal;
 * 3. write CANCELLED with its audit event (version-checked).
 * The stop comes first so that a cancel that answers 200 leaves no execution behind; stopping
 * the executions of a proposal that then stays DRAFT or RETURNED (a lost race) is harmless,
 * since neither state needs one. A cancelled proposal is never in the execution watch.
 */
export async function cancelProposal(
  ports: CancelPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  id: string,
  reason: string,
): Promise<Proposal> {
  const p = await loadAuthorized(ports.proposals, actor, id, "proposal.cancel");
  const change = lifecycle.cancel(p, reason, tx);
  await Promise.all(
    executionNamesOf(p.id, p.submissionNo).map((name) =>
      ports.workflow.stop(name, "the proposal was cancelled / đề xuất đã bị rút"),
    ),
  );
  return (await ports.proposals.save(p, change, tx)).proposal;
}
