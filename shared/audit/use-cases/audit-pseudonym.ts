import type { Proposal } from "../../proposals/domain/proposal.ts";

/**
 * Survivors' pseudonyms as readers see them: computed once, when the proposal is created
 * (shared/privacy/adapters/pseudonym-key.ts, a KMS HMAC key), and stored on the proposal as
 * `survivorPseudonym`. Readers never compute one: they hold no MAC permission, so a proposal
 * stored without it shows none, on AWS and locally alike.
 */
export function pseudonymOfProposal(
  p: Pick<Proposal, "id" | "personal" | "survivorPseudonym">,
): string | undefined {
  if (!p.personal) return undefined;
  return p.survivorPseudonym;
}
