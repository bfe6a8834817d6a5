import { authorize, type ScopedActor } from "../../access/policy.ts";
import { verifyChain } from "../../audit/domain/chain.ts";
import { fundingRecords } from "../../funding/use-cases/funding.ts";
import type { PersonalData } from "../../kernel/types.ts";
import { unseal } from "../../privacy/adapters/personal-data-cipher.ts";
import { recordPersonalRead } from "../../privacy/use-cases/personal-reads.ts";
import { proposalHistory } from "../adapters/dynamo-proposal-store.ts";
import type { Proposal, TransitionContext } from "../domain/proposal.ts";
import { loadAuthorized, scopeOf } from "./proposals.ts";

/**
 * Reads a proposal for the actor, with its payments and reports.
 * 1. authorize `proposal.read` in the proposal's scope;
 * 2. with `personal`, and only if the proposal holds personal data: authorize `personal.read`,
 *    unseal it and record the read in the proposal's personal-reads chain (audited);
 * 3. read the funding records (disbursements, reports, norm checks).
 */
export async function readProposal(
  actor: ScopedActor,
  tx: TransitionContext,
  id: string,
  opts: { personal: boolean },
): Promise<{
  proposal: Proposal;
  personal: PersonalData | undefined;
  funding: Awaited<ReturnType<typeof fundingRecords>>;
}> {
  const proposal = await loadAuthorized(actor, id, "proposal.read");
  let personal: PersonalData | undefined;
  if (opts.personal && proposal.personal) {
    authorize(actor, "personal.read", scopeOf(proposal));
    personal = await unseal(proposal.personal);
    await recordPersonalRead(proposal, tx);
  }
  return { proposal, personal, funding: await fundingRecords(proposal.id) };
}

/** The proposal's audit events in order with the verdict on its hash chain (`proposal.history`). */
export async function proposalHistoryFor(actor: ScopedActor, id: string) {
  const p = await loadAuthorized(actor, id, "proposal.history");
  const events = await proposalHistory(p.id);
  return { proposalId: p.id, reference: p.reference, chain: verifyChain(events), events };
}
