import type {
  Activity,
  Actor,
  Beneficiary,
  Channel,
  Dong,
  ProposalItem,
  ProposalStatus,
} from "../../kernel/types.ts";
import type { FundingSource } from "../../norms/domain/phase.ts";
import type { Phase } from "../../norms/domain/types.ts";

export type { Phase };

/** Personal data sealed by the PersonalDataCipher; opaque to everything else. */
export interface SealedPersonalData {
  /** 2: bound to its proposal and field (encryption context and GCM additional data); absent: older, unbound. */
  v?: number;
  alg: string;
  keyId: string;
  iv: string;
  tag: string;
  data: string;
  /** Encrypted data key (KMS envelope); absent for the local key. */
  edk?: string;
}

/**
 * A document supporting a settlement (invoice, receipt, contract, acceptance record). For now a
 * reference to the paper or e-invoice; `attachmentId` will name the stored file once
 * attachments exist (issue 14).
 */
export interface SettlementDocument {
  kind: "invoice" | "receipt" | "contract" | "acceptance" | "other";
  /** Number of the document, e.g. the invoice number. */
  number: string;
  issuedOn: string;
  description?: string;
  attachmentId?: string;
}

/** Quyết toán: what was really spent and supported, at most what was paid. */
export interface Settlement {
  /** The settled (actual) support, integer đồng. */
  amount: Dong;
  settledOn: string;
  documents: SettlementDocument[];
  note?: string;
  /** Approved − settled: released from the beneficiary's caps in the same transaction. */
  released: Dong;
  /** Paid − settled: to be paid back by the beneficiary. */
  refundDue: Dong;
  refundReceived: Dong;
  /** Per item code: the settled amount held against the cap from now on. */
  byItem: Record<string, Dong>;
  at: string;
  by: string;
}

/**
 * Partial approval: the approver grants less than the commune asked for one item (by its index
 * in `items`), saying why. The request stays as the commune made it; the norm check reserves,
 * and the decision document and the payments use, the reduced amount.
 */
export interface Reduction {
  item: number;
  /** The support approved for the item, integer đồng, below what was asked. */
  amount: Dong;
  reason: string;
}

export interface Decision {
  decision: "approve" | "return" | "reject";
  by: string;
  byName?: string;
  at: string;
  comment?: string;
  channel: Channel;
  /** Only on "approve": the items approved at a reduced amount. */
  reductions?: Reduction[];
}

/** A proposal as stored (DataTable, pk P#<id>, sk P). */
export interface Proposal {
  id: string;
  /** Human reference, e.g. "P8-2026-000042". */
  reference: string;
  activity: Activity;
  /**
   * Programme phase: the funding source's, else the decision date's (phaseFor). Provisional
   * (creation date) until the norm check fixes it on the decision date.
   */
  phase: Phase;
  /** The budget line, when the commune states it; the phase then follows it. */
  fundingSource?: FundingSource;
  title: string;
  summary?: string;
  communeId: string;
  reviewUnitId: string;
  provinceId: string;
  beneficiary: Beneficiary;
  items: ProposalItem[];
  personal?: SealedPersonalData;
  /**
   * Stable pseudonym of the survivor (HMAC of the id under a key only KMS or the local stack
   * holds), computed once at creation; not personal data, shown to roles that may not unseal.
   */
  survivorPseudonym?: string;
  /** The batch the proposal was proposed in (shared/batches); decided and paid on its own. */
  batchId?: string;
  status: ProposalStatus;
  version: number;
  submissionNo: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  /** Support approved after the norm check (sum of supportAmount), integer đồng. */
  approvedAmount?: Dong;
  /** Sum of payments less reversals, integer đồng. */
  disbursedTotal: Dong;
  /** Entries of the payment ledger (payments, reversals, refunds): the next entry's number - 1. */
  disbursementCount: number;
  /** Ledger numbers of payments reversed by a compensating entry (each at most once). */
  reversedEntries?: number[];
  /** The settlement (quyết toán), once recorded; final. */
  settlement?: Settlement;
  reportCount: number;
  /** Files attached (shared/attachments), each with its `attachment.added` event. */
  attachmentCount?: number;
  currentTaskId?: string;
  lastDecision?: Decision;
  /** Short reason of the last return / rejection / breach, safe to show. */
  statusReason?: string;
  normCheck?: unknown;
  closedAt?: string;
  /** The last failed workflow step, until the sweep's repair starts a new execution. */
  workflowIssue?: { state: string; error: string; at: string; executionName: string };
  /** Head of this proposal's audit chain. */
  auditSeq: number;
  auditHash: string;
}

/**
 * Whether the proposal's partition may hold a ledger entry, a report or a norm-check result:
 * the proposal item counts the first two and keeps the check's summary, each written in the
 * same transaction as the record, so a proposal without any needs no read of them.
 */
export const hasFundingRecords = (
  p: Pick<Proposal, "disbursementCount" | "reportCount" | "normCheck">,
): boolean => p.disbursementCount !== 0 || p.reportCount !== 0 || p.normCheck !== undefined;

export const totalSupport = (items: readonly ProposalItem[]): Dong =>
  items.reduce((sum, i) => sum + i.supportAmount, 0);

/** States reached only through an approval, whose `lastDecision` is that approval. */
const APPROVED_STATES: readonly ProposalStatus[] = [
  "NORM_CHECK",
  "APPROVED",
  "DISBURSING",
  "MONITORING",
  "CLOSED",
];

/**
 * The items as approved: the commune's request with the approver's reductions applied. Before an
 * approval (or after a return, whose resubmission is decided afresh) the items as requested.
 */
export function approvedItems(
  p: Pick<Proposal, "items" | "status" | "lastDecision">,
): ProposalItem[] {
  const reductions = APPROVED_STATES.includes(p.status) ? p.lastDecision?.reductions : undefined;
  if (!reductions?.length) return p.items;
  return p.items.map((item, n) => {
    const r = reductions.find((x) => x.item === n);
    return r ? { ...item, supportAmount: r.amount } : item;
  });
}

export const totalCost = (items: readonly ProposalItem[]): Dong =>
  items.reduce((sum, i) => sum + i.totalCost, 0);

/** Fields the commune can set on a draft. */
export interface DraftFields {
  activity: Activity;
  phase: Phase;
  fundingSource?: FundingSource;
  title: string;
  summary?: string;
  communeId: string;
  beneficiary: Beneficiary;
  items: ProposalItem[];
}

/** Who acts: a person, or the system (workflow steps, the sweep). */
export type ActingParty = Omit<Actor, "role"> & { role: Actor["role"] | "system" };

export const SYSTEM_ACTOR: ActingParty = { id: "system", role: "system", unitId: "" };

export interface TransitionContext {
  actor: ActingParty;
  channel: Channel;
  at: string;
}
