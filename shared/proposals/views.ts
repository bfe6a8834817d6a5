import { pseudonymOfProposal } from "../audit/use-cases/audit-pseudonym.ts";
import type { PersonalData } from "../kernel/types.ts";
import type { ReviewTask } from "../review/domain/task.ts";
import { approvedItems, type Proposal } from "./domain/proposal.ts";

/** The public shape of a proposal: no chain internals, personal data only when unsealed. */
export function proposalView(p: Proposal, personal?: PersonalData) {
  return {
    id: p.id,
    reference: p.reference,
    activity: p.activity,
    phase: p.phase,
    ...(p.fundingSource ? { fundingSource: p.fundingSource } : {}),
    title: p.title,
    ...(p.summary ? { summary: p.summary } : {}),
    communeId: p.communeId,
    reviewUnitId: p.reviewUnitId,
    provinceId: p.provinceId,
    beneficiary: p.beneficiary,
    items: p.items,
    ...(p.batchId ? { batchId: p.batchId } : {}),
    status: p.status,
    ...(p.statusReason ? { statusReason: p.statusReason } : {}),
    version: p.version,
    submissionNo: p.submissionNo,
    ...(p.approvedAmount !== undefined
      ? { approvedAmount: p.approvedAmount, approvedItems: approvedItems(p) }
      : {}),
    disbursedTotal: p.disbursedTotal,
    disbursementCount: p.disbursementCount,
    ...(p.settlement ? { settlement: p.settlement } : {}),
    reportCount: p.reportCount,
    ...(p.currentTaskId ? { currentTaskId: p.currentTaskId } : {}),
    ...(p.lastDecision ? { lastDecision: p.lastDecision } : {}),
    ...(p.normCheck ? { normCheck: p.normCheck } : {}),
    hasPersonalData: p.personal !== undefined,
    // Roles that may not unseal the data (auditors) still tell survivors apart, stably.
    ...pseudonymOf(p),
    ...(personal ? { personal } : {}),
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    ...(p.closedAt ? { closedAt: p.closedAt } : {}),
  };
}

function pseudonymOf(p: Proposal): { survivorPseudonym?: string } {
  const value = pseudonymOfProposal(p);
  return value ? { survivorPseudonym: value } : {};
}

export function taskView(t: ReviewTask) {
  return t;
}
