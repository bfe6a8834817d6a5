import { authorize, type ResourceScope, type ScopedActor } from "../../access/policy.ts";
import { NotFoundError } from "../../kernel/errors.ts";
import type { Proposal } from "../../proposals/domain/proposal.ts";
import type { ProposalStore } from "../../proposals/ports.ts";

/**
 * Where a proposal lives, for the policy. The same as the proposals capability's, kept here so
 * the attachment functions (whose bundles carry the S3 client) do not carry the proposal use
 * cases as well.
 */
export const scopeOfProposal = (p: Proposal): ResourceScope => ({
  communeId: p.communeId,
  reviewUnitId: p.reviewUnitId,
  provinceId: p.provinceId,
});

/** The proposal, if the actor may perform `action` on it (404 when it does not exist). */
export async function loadProposal(
  proposals: Pick<ProposalStore, "find">,
  actor: ScopedActor,
  id: string,
  action: Parameters<typeof authorize>[1],
): Promise<Proposal> {
  const p = await proposals.find(id);
  if (!p) throw new NotFoundError(`proposal ${id} does not exist`);
  authorize(actor, action, scopeOfProposal(p));
  return p;
}
