import { can, type ScopedActor } from "../../access/policy.ts";
import type { AuditEvent } from "../../audit/domain/chain.ts";
import type { Directory, Unit } from "../../directory/ports.ts";
import type { FundingReader, FundingRecords } from "../../funding/ports.ts";
import type { ProposalStatus } from "../../kernel/types.ts";
import type { Proposal } from "../domain/proposal.ts";
import type { ProposalStore } from "../ports.ts";
import { loadAuthorized, scopeOf } from "./proposals.ts";
import { fundingRecordsOf } from "./read-proposal.ts";

export interface ProposalPagePorts {
  proposals: Pick<ProposalStore, "find" | "history">;
  directory: Pick<Directory, "findUnit" | "findUser">;
  funding: FundingReader;
}

/** What the reader may do on the proposal now: the page shows exactly these actions. */
export interface ProposalActions {
  edit: boolean;
  submit: boolean;
  cancel: boolean;
  previewNorms: boolean;
  fileReport: boolean;
  /** Record a payment (the finance pages). */
  pay: boolean;
  close: boolean;
}

export interface ProposalPageView {
  proposal: Proposal;
  commune: Unit | undefined;
  reviewUnit: Unit | undefined;
  /** The audit history, when the reader may see it. */
  history?: AuditEvent[];
  /** Display names of the people in the history and of the last decision. */
  names: Map<string, string>;
  funding: FundingRecords;
  may: ProposalActions;
}

const EDITABLE: readonly ProposalStatus[] = ["DRAFT", "RETURNED"];
const PAYABLE: readonly ProposalStatus[] = ["APPROVED", "DISBURSING"];
const REPORTABLE: readonly ProposalStatus[] = ["DISBURSING", "MONITORING"];

/** The actions of the policy that apply to the proposal in its current state. */
export function proposalActions(actor: ScopedActor, p: Proposal): ProposalActions {
  const scope = scopeOf(p);
  const editable = EDITABLE.includes(p.status);
  return {
    edit: editable && can(actor, "proposal.edit", scope),
    submit: editable && can(actor, "proposal.submit", scope),
    cancel: editable && can(actor, "proposal.cancel", scope),
    previewNorms: editable && can(actor, "proposal.previewNorms", scope),
    fileReport: REPORTABLE.includes(p.status) && can(actor, "report.file", scope),
    pay: PAYABLE.includes(p.status) && can(actor, "disbursement.record", scope),
    close: p.status === "MONITORING" && p.reportCount > 0 && can(actor, "proposal.close", scope),
  };
}

/** Display names of usernames, from the directory (a former user keeps no name: undefined). */
export async function displayNames(
  directory: Pick<Directory, "findUser">,
  usernames: Iterable<string>,
): Promise<Map<string, string>> {
  const ids = [...new Set(usernames)].filter((id) => id && id !== "system");
  const users = await Promise.all(ids.map((id) => directory.findUser(id)));
  const names = new Map<string, string>();
  users.forEach((u, i) => {
    const id = ids[i];
    if (u && id) names.set(id, u.name);
  });
  return names;
}

/**
 * What the proposal page shows, for any role that may read the proposal.
 * 1. authorize `proposal.read` in the proposal's scope (no personal data: that is its own
 *    audited read);
 * 2. the history if the reader may see it (`proposal.history`), with the names of its actors;
 * 3. the commune and the reviewing unit; the payments and reports;
 * 4. what the reader may do now (the policy, in the proposal's state).
 */
export async function readProposalPage(
  ports: ProposalPagePorts,
  actor: ScopedActor,
  id: string,
): Promise<ProposalPageView> {
  const proposal = await loadAuthorized(ports.proposals, actor, id, "proposal.read");
  const [history, commune, reviewUnit, funding] = await Promise.all([
    can(actor, "proposal.history", scopeOf(proposal))
      ? ports.proposals.history(proposal.id)
      : Promise.resolve(undefined),
    ports.directory.findUnit(proposal.communeId),
    ports.directory.findUnit(proposal.reviewUnitId),
    fundingRecordsOf(ports.funding, proposal),
  ]);
  const names = await displayNames(ports.directory, [
    ...(history ?? []).map((e) => e.actorId),
    ...(proposal.lastDecision ? [proposal.lastDecision.by] : []),
  ]);
  return {
    proposal,
    commune,
    reviewUnit,
    ...(history ? { history } : {}),
    names,
    funding,
    may: proposalActions(actor, proposal),
  };
}
