import type {
  Activity,
  Actor,
  Beneficiary,
  Channel,
  Dong,
  ProposalItem,
  ProposalStatus,
} from "../../kernel/types.ts";
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

export interface Decision {
  decision: "approve" | "return" | "reject";
  by: string;
  byName?: string;
  at: string;
  comment?: string;
  channel: Channel;
}

/** A proposal as stored (DataTable, pk P#<id>, sk P). */
export interface Proposal {
  id: string;
  /** Human reference, e.g. "P8-2026-000042". */
  reference: string;
  activity: Activity;
  phase: Phase;
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
  status: ProposalStatus;
  version: number;
  submissionNo: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  /** Support approved after the norm check (sum of supportAmount), integer đồng. */
  approvedAmount?: Dong;
  disbursedTotal: Dong;
  disbursementCount: number;
  reportCount: number;
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

export const totalSupport = (items: readonly ProposalItem[]): Dong =>
  items.reduce((sum, i) => sum + i.supportAmount, 0);

export const totalCost = (items: readonly ProposalItem[]): Dong =>
  items.reduce((sum, i) => sum + i.totalCost, 0);

/** Fields the commune can set on a draft. */
export interface DraftFields {
  activity: Activity;
  phase: Phase;
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
