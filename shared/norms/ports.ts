/** What the budget-norm capability needs from storage. DynamoDB and in-memory adapters implement it. */
import type { AuditEvent } from "../audit/domain/chain.ts";
import type { PendingWrite } from "../kernel/pending-write.ts";
import type { BeneficiaryKind } from "../kernel/types.ts";
import type { AuditFacts } from "../proposals/domain/lifecycle.ts";
import type { TransitionContext } from "../proposals/domain/proposal.ts";
import type {
  NormCheckResult,
  NormSet,
  NormSetDraftRecord,
  Reservation,
  UsageSnapshot,
} from "./domain/index.ts";

export interface BeneficiaryRef {
  kind: BeneficiaryKind;
  id: string;
}

/** Norm-set versions: the shipped ones overlaid with those published through the API. */
export interface NormSetStore {
  /** Every version (may miss one published a moment ago: an index read). */
  list(): Promise<NormSet[]>;
  /** All versions of one set, read consistently. */
  versions(id: string): Promise<NormSet[]>;
  /**
   * Writes a version (refused if it exists: a ConflictError) with its audit event, chained in
   * the set's own stream NS#<setId>.
   */
  publish(set: NormSet, facts: AuditFacts, ctx: TransitionContext): Promise<AuditEvent>;
}

/** Drafts of norm sets awaiting their second person; an approval publishes the version. */
export interface NormSetDrafts {
  newDraftId(): string;
  find(draftId: string): Promise<NormSetDraftRecord | undefined>;
  /** Drafts, newest first (an index read). */
  list(limit: number): Promise<NormSetDraftRecord[]>;
  /** Writes a new draft with its audit event (stream NS#<setId>). */
  save(draft: NormSetDraftRecord, facts: AuditFacts, ctx: TransitionContext): Promise<AuditEvent>;
  /**
   * One transaction: the version (refused if it exists), the draft marked approved (refused
   * unless still pending: two approvers at once, one wins) and the audit event. A lost race is
   * a ConflictError.
   */
  approve(
    approved: NormSetDraftRecord,
    set: NormSet,
    facts: AuditFacts,
    ctx: TransitionContext,
  ): Promise<AuditEvent>;
}

/** A beneficiary's holds against the caps (one row per usage key). */
export interface NormUsageStore {
  /** Read consistently: a check must see every approval committed before it. */
  load(beneficiary: BeneficiaryRef): Promise<UsageSnapshot>;
  /**
   * Holds each amount for the approval's transaction, on condition that the proposal holds
   * nothing on the key yet and the cap is not exceeded (concurrent approvals never exceed it).
   */
  stageReservations(
    proposalId: string,
    beneficiary: BeneficiaryRef,
    reservations: readonly Reservation[],
    at: string,
  ): PendingWrite[];
  /**
   * Changes a proposal's hold on one key from `from` to `to` (0 removes it), on condition that
   * the hold is still `from`: a settlement releasing the unused part, a reversal.
   */
  stageAdjustment(
    proposalId: string,
    beneficiary: BeneficiaryRef,
    adjustment: { usageKey: string; from: number; to: number },
    at: string,
  ): PendingWrite;
}

/** The full result of each submission's check, kept beside the proposal. */
export interface NormCheckLog {
  stage(
    proposalId: string,
    submissionNo: number,
    result: NormCheckResult,
    at: string,
  ): PendingWrite;
}
