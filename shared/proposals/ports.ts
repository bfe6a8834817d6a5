/** What the proposals capability needs from storage. DynamoDB and in-memory adapters implement it. */
import type { AuditEvent } from "../audit/domain/chain.ts";
import type { PendingWrite } from "../kernel/pending-write.ts";
import type { Activity, Beneficiary, ProposalStatus } from "../kernel/types.ts";
import type { Change } from "./domain/lifecycle.ts";
import type { Proposal, TransitionContext } from "./domain/proposal.ts";

export interface SavedChange {
  proposal: Proposal;
  event: AuditEvent;
}

export interface StagedChange extends SavedChange {
  writes: PendingWrite[];
}

export interface ProposalPage {
  proposals: Proposal[];
  /** Where the next page starts; absent on the last page. */
  cursor?: string;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
  /** What the cursor is bound to (caller and filters): a cursor of another query is refused. */
  scope: unknown;
}

export interface ProposalStore {
  newId(): string;
  /** The next human reference of the year, e.g. P8-2026-000042 (gaps are harmless). */
  nextReference(year: number): Promise<string>;
  /** A strongly consistent read. */
  find(id: string): Promise<Proposal | undefined>;
  /**
   * Writes a change and its audit event atomically, conditioned on the version and state read
   * (or on absence for a new proposal), together with writes staged by other ports. A lost race
   * is a StaleVersionError; a failed condition of a staged write is WriteConditionsFailed with
   * indexes into `extra`.
   */
  save(
    before: Proposal | null,
    change: Change,
    ctx: TransitionContext,
    extra?: readonly PendingWrite[],
  ): Promise<SavedChange>;
  /**
   * The writes of a change (the proposal conditioned on the version and state read, its audit
   * event), for another port's transaction: a registry merge re-points several proposals at once.
   */
  stage(before: Proposal, change: Change, ctx: TransitionContext): StagedChange;
  /** The proposal's audit events in order (strongly consistent). */
  history(id: string): Promise<AuditEvent[]>;
  /** A commune's proposals, newest first, optionally of one status. */
  ofCommune(
    communeId: string,
    status: ProposalStatus | undefined,
    page: PageRequest,
  ): Promise<ProposalPage>;
  /** A province's proposals in one status, most recently changed first. */
  inProvince(provinceId: string, status: ProposalStatus, page: PageRequest): Promise<ProposalPage>;
}

/**
 * The registry as proposals see it (implemented by shared/registry/use-cases/for-proposals.ts):
 * a proposal names a registered beneficiary by its id; kind, name and founding date come from
 * the registry, and the reference is written in the proposal's own transaction.
 */
export interface BeneficiaryRegistry {
  /**
   * The entry a proposal of `activity` in `communeId` may reference (a merged entry resolves to
   * the one it was merged into), and the writes that record the reference; with `previousId`
   * also the writes that drop the old one. A 400 names `beneficiaryId` when it may not.
   */
  forProposal(
    beneficiaryId: string,
    q: { activity: Activity; communeId: string; proposalId: string; previousId?: string },
  ): Promise<{ beneficiary: Beneficiary; writes: PendingWrite[] }>;
  /** The registered beneficiary as it is now, for a proposal about to be submitted. */
  current(
    beneficiaryId: string,
    q: { activity: Activity; communeId: string },
  ): Promise<Beneficiary>;
}
