import { authorize, type ScopedActor } from "../../access/policy.ts";
import { getCommune } from "../../directory/adapters/dynamo-directory.ts";
import { PreconditionRequiredError, StaleVersionError } from "../../kernel/errors.ts";
import type { PersonalData } from "../../kernel/types.ts";
import { seal } from "../../privacy/adapters/personal-data-cipher.ts";
import { pseudonymKey } from "../../privacy/adapters/pseudonym-key.ts";
import { deliver, startItem } from "../../workflow/adapters/outbox.ts";
import { startLifecycle } from "../../workflow/adapters/sfn-workflow.ts";
import {
  loadProposal,
  newId,
  nextReference,
  saveChange,
} from "../adapters/dynamo-proposal-store.ts";
import * as lifecycle from "../domain/lifecycle.ts";
import type { DraftFields, Proposal, TransitionContext } from "../domain/proposal.ts";

export const scopeOf = (p: Proposal) => ({
  communeId: p.communeId,
  reviewUnitId: p.reviewUnitId,
  provinceId: p.provinceId,
});

export type DraftInput = DraftFields & { personal?: PersonalData };

/** Activities whose beneficiaries are survivors: the only ones that may carry personal data. */
const SURVIVOR_ACTIVITIES: ReadonlySet<string> = new Set(["A3", "A4"]);

/**
 * Creates a draft in the actor's commune.
 * 1. resolve the commune and its reviewing unit (routing is data);
 * 2. authorize in that scope; 3. seal personal data; 4. compute the survivor's pseudonym once
 *    (KMS HMAC key on AWS, local key locally) for a proposal that has or may get personal data;
 * 5. write draft + audit event atomically.
 */
export async function createProposal(
  actor: ScopedActor,
  tx: TransitionContext,
  input: DraftInput,
): Promise<Proposal> {
  const commune = await getCommune(input.communeId);
  authorize(actor, "proposal.create", {
    communeId: commune.id,
    reviewUnitId: commune.reviewUnitId,
    provinceId: commune.provinceId,
  });
  const { personal, ...fields } = input;
  const sealed = personal ? await seal(personal) : undefined;
  const id = newId();
  const survivorPseudonym =
    sealed || SURVIVOR_ACTIVITIES.has(fields.activity)
      ? await pseudonymKey().pseudonymOf(id)
      : undefined;
  const reference = await nextReference(Number(tx.at.slice(0, 4)));
  const change = lifecycle.createDraft(
    {
      id,
      reference,
      fields,
      reviewUnitId: commune.reviewUnitId,
      provinceId: commune.provinceId,
      ...(sealed ? { personal: sealed } : {}),
      ...(survivorPseudonym ? { survivorPseudonym } : {}),
    },
    tx,
  );
  return (await saveChange(null, change, tx)).proposal;
}

/** Loads a proposal and checks that the actor may do `action` on it (403 names the action). */
export async function loadAuthorized(
  actor: ScopedActor,
  id: string,
  action: Parameters<typeof authorize>[1],
): Promise<Proposal> {
  const p = await loadProposal(id);
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

export async function updateProposal(
  actor: ScopedActor,
  tx: TransitionContext,
  id: string,
  expected: number | undefined,
  input: Omit<DraftInput, "communeId">,
): Promise<Proposal> {
  const p = await loadAuthorized(actor, id, "proposal.edit");
  checkVersion(p, expected);
  const { personal, ...fields } = input;
  const sealed = personal ? await seal(personal) : undefined;
  return (await saveChange(p, lifecycle.editDraft(p, fields, sealed, tx), tx)).proposal;
}

/**
 * Submits a draft (or a returned proposal) for review.
 * 1. transition DRAFT|RETURNED → IN_REVIEW with its audit event (atomic, version-checked);
 * 2. start the lifecycle execution named after the submission (idempotent).
 * If step 2 fails the proposal stays IN_REVIEW and the sweep starts the missing execution.
 */
export async function submitProposal(
  actor: ScopedActor,
  tx: TransitionContext,
  id: string,
  expected: number | undefined,
): Promise<Proposal> {
  const p = await loadAuthorized(actor, id, "proposal.submit");
  if (
    p.status === "IN_REVIEW" &&
    !p.currentTaskId &&
    (expected === undefined || expected === p.version)
  ) {
    // A retried submit whose first attempt committed but did not start the workflow.
    await startLifecycle(p.id, p.submissionNo);
    return p;
  }
  if (expected !== undefined) checkVersion(p, expected);
  const change = lifecycle.submit(p, tx);
  // The execution's start is committed with the submission (outbox): if this process dies
  // before starting it, the sweep starts it.
  const start = startItem(tx.at, p.id, change.next.submissionNo);
  const { proposal } = await saveChange(p, change, tx, [start.tx]);
  await deliver(start.entry);
  return proposal;
}

export async function cancelProposal(
  actor: ScopedActor,
  tx: TransitionContext,
  id: string,
  reason: string,
): Promise<Proposal> {
  const p = await loadAuthorized(actor, id, "proposal.cancel");
  return (await saveChange(p, lifecycle.cancel(p, reason, tx), tx)).proposal;
}
