import { localSurvivorPseudonym } from "../../privacy/adapters/pseudonym-key.ts";
import type { Proposal } from "../../proposals/domain/proposal.ts";

/**
 * Survivors' pseudonyms as readers see them. The pseudonym is computed once, when the proposal
 * is created (shared/privacy/adapters/pseudonym-key.ts: KMS HMAC key on AWS, local key locally), and
 * stored on the proposal as `survivorPseudonym`. Proposals created before it was stored fall
 * back to the local derivation where a local key exists.
 */
export function survivorPseudonym(proposalId: string): string | undefined {
  return localSurvivorPseudonym(proposalId);
}

/** The pseudonym of a proposal with personal data: the stored one, else the local derivation. */
export function pseudonymOfProposal(
  p: Pick<Proposal, "id" | "personal" | "survivorPseudonym">,
): string | undefined {
  if (!p.personal) return undefined;
  return p.survivorPseudonym ?? localSurvivorPseudonym(p.id);
}
