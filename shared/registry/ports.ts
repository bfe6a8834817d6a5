/** What the registry capability needs from storage. DynamoDB and in-memory adapters implement it. */
import type { AuditEvent } from "../audit/domain/chain.ts";
import type { PendingWrite } from "../kernel/pending-write.ts";
import type { BeneficiaryKind } from "../kernel/types.ts";
import type { IndicatorDelta } from "../monitoring/domain/deltas.ts";
import type { Proposal, TransitionContext } from "../proposals/domain/proposal.ts";
import type { PageRequest } from "../proposals/ports.ts";
import type {
  Beneficiary,
  DuplicateFlag,
  GroupFigures,
  Member,
  RegistryKind,
} from "./domain/beneficiary.ts";
import type { RegistryChange } from "./domain/changes.ts";
import type { UsageRow } from "./domain/merge.ts";

export type { PageRequest };

export interface RegistryPage {
  entries: Beneficiary[];
  cursor?: string;
}

export interface SavedEntry {
  entry: Beneficiary;
  event: AuditEvent;
}

export interface StagedEntry extends SavedEntry {
  writes: PendingWrite[];
  /** The change's A1 counter deltas, for commit() (a counting store sets them). */
  deltas?: readonly IndicatorDelta[];
}

/** An import's progress: how many chunks of the validated file are written. */
export interface ImportProgress {
  importId: string;
  layout: string;
  rows: number;
  chunks: number;
  chunksDone: number;
  startedAt: string;
  startedBy: string;
  completedAt?: string;
}

export interface RegistryStore {
  /** A new random registry id (BN-...). */
  newId(): string;
  /** An entry, read consistently. */
  find(id: string): Promise<Beneficiary | undefined>;
  /**
   * Active entries of a commune with this kind and duplicate key (the warning at registration).
   * Read through an index: an entry registered a moment ago may be missing.
   */
  sameName(communeId: string, kind: RegistryKind, nameKey: string): Promise<Beneficiary[]>;
  /** A commune's entries (not merged), by kind and name; optionally of one kind. */
  ofCommune(
    communeId: string,
    kind: RegistryKind | undefined,
    page: PageRequest,
  ): Promise<RegistryPage>;
  /** A province's entries of one kind (not merged), by commune and name. */
  ofProvince(provinceId: string, kind: RegistryKind, page: PageRequest): Promise<RegistryPage>;
  /** A savings group's members, by member id (consistent). */
  members(groupId: string): Promise<Member[]>;
  /** A savings group's figures, by period (consistent). */
  figures(groupId: string): Promise<GroupFigures[]>;
  /** Ids of the proposals that reference the entry (consistent). */
  references(id: string): Promise<string[]>;
  /** The entry's audit events in order. */
  history(id: string): Promise<AuditEvent[]>;
  /** Entries registered despite a duplicate warning, waiting for the province. */
  flags(provinceId: string): Promise<DuplicateFlag[]>;
  /**
   * A change and its audit event, atomically, conditioned on the version and state read (or on
   * absence for a new entry), with writes staged by other ports. A lost race is a
   * StaleVersionError; a failed staged write is WriteConditionsFailed indexing `extra`.
   */
  save(
    before: Beneficiary | null,
    change: RegistryChange,
    ctx: TransitionContext,
    extra?: readonly PendingWrite[],
  ): Promise<SavedEntry>;
  /**
   * The writes of a change, for a transaction over several entries (a merge, an import chunk).
   * `membersBefore`: the group's members as read before the change, when the change moves them
   * (the group's own facts change, or an existing member is rewritten).
   */
  stage(
    before: Beneficiary | null,
    change: RegistryChange,
    ctx: TransitionContext,
    membersBefore?: readonly Member[],
  ): StagedEntry;
  /**
   * Commits staged writes in one transaction (WriteConditionsFailed names the failed ones), with
   * the counter updates of the staged changes' `deltas`, merged per cell.
   */
  commit(writes: readonly PendingWrite[], deltas?: readonly IndicatorDelta[]): Promise<void>;
  /**
   * For a proposal's transaction: the proposal references the entry, which must be ACTIVE when
   * it commits (a merge locks the entry first, so no reference can slip past a merge).
   */
  stageReference(id: string, proposalId: string): PendingWrite[];
  /** For a proposal's transaction: the proposal no longer references the entry. */
  stageUnreference(id: string, proposalId: string): PendingWrite[];
  /**
   * A merge or the migration moves a proposal's reference (no check on the entries: the merge's
   * own entry writes carry the conditions, and the same item cannot appear twice in one
   * transaction).
   */
  stageReferenceMove(fromId: string | undefined, toId: string, proposalId: string): PendingWrite[];
  importProgress(importId: string): Promise<ImportProgress | undefined>;
  /** The import's progress row, conditioned on the progress read (exactly-once chunks). */
  stageImportProgress(before: ImportProgress | undefined, next: ImportProgress): PendingWrite;
}

/** A beneficiary's rows of cap usage: `USE#<kind>#<id>` in the DataTable. */
export interface UsageRef {
  kind: BeneficiaryKind;
  id: string;
}

export interface UsageLedger {
  /** Every usage row of a beneficiary, read consistently. */
  rows(ref: UsageRef): Promise<UsageRow[]>;
  /**
   * Moves reservations from one beneficiary to another inside a transaction: each row's
   * `reserved` and holds are subtracted from `from` (conditioned on those holds being there with
   * those amounts) and added to `to`. Rows on `to` may end above their cap; they then leave no
   * room, as a reservation needs `reserved <= cap - amount`.
   */
  stageTransfer(
    from: UsageRef,
    to: UsageRef,
    rows: readonly UsageRow[],
    at: string,
  ): PendingWrite[];
}

/** Records reads of an entry's personal data in its own chain (stream BR#<id>). */
export interface RegistryReadLog {
  record(entry: Beneficiary, tx: TransitionContext): Promise<void>;
}

/** The proposals a merge or the migration re-points, staged into the registry's transaction. */
export interface ProposalRebinding {
  find(id: string): Promise<Proposal | undefined>;
}

/** Every stored proposal, for the migration (a Scan: run as a script, never on a request). */
export interface StoredProposals {
  all(): AsyncIterable<Proposal>;
}
