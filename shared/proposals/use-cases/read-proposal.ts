import { authorize, type ScopedActor } from "../../access/policy.ts";
import { verifyChain } from "../../audit/domain/chain.ts";
import type { FundingReader, FundingRecords } from "../../funding/ports.ts";
import type { PersonalData } from "../../kernel/types.ts";
import type { PersonalDataCipher, PersonalReadLog } from "../../privacy/ports.ts";
import { hasFundingRecords, type Proposal, type TransitionContext } from "../domain/proposal.ts";
import type { ProposalStore } from "../ports.ts";
import { loadAuthorized, scopeOf } from "./proposals.ts";

export interface ReadPorts {
  proposals: Pick<ProposalStore, "find">;
  funding: FundingReader;
  cipher: Pick<PersonalDataCipher, "unseal">;
  personalReads: PersonalReadLog;
}

/**
 * Reads a proposal for the actor, with its payments and reports.
 * 1. authorize `proposal.read` in the proposal's scope;
 * 2. with `personal`, and only if the proposal holds personal data: authorize `personal.read`,
 *    unseal it and record the read in the proposal's personal-reads chain (when the read
 *    cannot be recorded, the data is not returned);
 * 3. read the funding records (disbursements, reports, the latest norm check), unless the
 *    proposal says it has none: its item counts the ledger entries and the reports and keeps
 *    the norm check's summary, each written in the same transaction as the record itself, so a
 *    proposal in review (most reads: the page a commune reloads while it waits) costs no Query.
 */
export async function readProposal(
  ports: ReadPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  id: string,
  opts: { personal: boolean },
): Promise<{ proposal: Proposal; personal: PersonalData | undefined; funding: FundingRecords }> {
  const proposal = await loadAuthorized(ports.proposals, actor, id, "proposal.read");
  let personal: PersonalData | undefined;
  if (opts.personal && proposal.personal) {
    authorize(actor, "personal.read", scopeOf(proposal));
    personal = await ports.cipher.unseal(proposal.personal, {
      proposalId: proposal.id,
      field: "personal",
    });
    await ports.personalReads.record(proposal, tx);
  }
  return { proposal, personal, funding: await fundingRecordsOf(ports.funding, proposal) };
}

/**
 * A proposal's funding records, without a read when the proposal says it has none (its item
 * counts the ledger entries and the reports and keeps the norm check's summary).
 */
export const fundingRecordsOf = (
  funding: FundingReader,
  proposal: Proposal,
): Promise<FundingRecords> =>
  hasFundingRecords(proposal)
    ? funding.records(proposal.id)
    : Promise.resolve({ disbursements: [], reports: [] });

/** The proposal's audit events in order with the verdict on its hash chain (`proposal.history`). */
export async function proposalHistoryFor(
  ports: { proposals: Pick<ProposalStore, "find" | "history"> },
  actor: ScopedActor,
  id: string,
) {
  const p = await loadAuthorized(ports.proposals, actor, id, "proposal.history");
  const events = await ports.proposals.history(p.id);
  return { proposalId: p.id, reference: p.reference, chain: verifyChain(events), events };
}
