/**
 * The programme registry: the beneficiaries each activity works on, registered once with an id
 * the system issues, each in one commune. Caps, indicators and monitoring count per entry, never
 * per typed text (LESSONS.md: "a cap keyed on a free-text id is no cap").
 */
import type { Activity, BeneficiaryKind, Dong } from "../../kernel/types.ts";
import type { SealedPersonalData } from "../../proposals/domain/proposal.ts";

/** What the registry holds, by the handbook's names (glossary in docs/registry.md). */
export const REGISTRY_KINDS = [
  "SAVINGS_GROUP", // A1 Tổ TKVVTB
  "LIVELIHOOD_GROUP", // A2 tổ nhóm sinh kế
  "COOPERATIVE_GROUP", // A2 tổ hợp tác (THT)
  "COOPERATIVE", // A2 hợp tác xã (HTX)
  "TRUSTED_ADDRESS", // A3 địa chỉ tin cậy (ĐCTC)
  "SURVIVOR_CASE", // A4 phụ nữ, trẻ em gái bị mua bán trở về (hồ sơ)
] as const;
export type RegistryKind = (typeof REGISTRY_KINDS)[number];

export const LIVELIHOOD_KINDS: readonly RegistryKind[] = [
  "LIVELIHOOD_GROUP",
  "COOPERATIVE_GROUP",
  "COOPERATIVE",
];

export const ACTIVITY_OF_KIND: Record<RegistryKind, Activity> = {
  SAVINGS_GROUP: "A1",
  LIVELIHOOD_GROUP: "A2",
  COOPERATIVE_GROUP: "A2",
  COOPERATIVE: "A2",
  TRUSTED_ADDRESS: "A3",
  SURVIVOR_CASE: "A4",
};

/**
 * The kind a proposal (and the norm sets) call the entry: an A4 proposal funds a livelihood model
 * for a registered survivor case, so the case is the model's beneficiary (Art. 37.4's cap is per
 * model; one case's proposals accumulate against it).
 */
export function proposalKindOf(kind: RegistryKind): BeneficiaryKind {
  return kind === "SURVIVOR_CASE" ? "SURVIVOR_MODEL" : kind;
}

/** Kinds whose entries may be merged into each other (the A2 kinds share one cap). */
export function mergeable(a: RegistryKind, b: RegistryKind): boolean {
  return a === b || (LIVELIHOOD_KINDS.includes(a) && LIVELIHOOD_KINDS.includes(b));
}

/** The organisation's own status, as the commune reports it. */
export const ORG_STATUSES = ["active", "inactive", "dissolved"] as const;
export type OrgStatus = (typeof ORG_STATUSES)[number];

/**
 * The record's state in the registry: ACTIVE entries take proposals; MERGING is the short lock
 * of a merge (no new proposal may reference it); MERGED entries point at the kept one.
 */
export type EntryState = "ACTIVE" | "MERGING" | "MERGED";

export const GENDERS = ["female", "male"] as const;
export type Gender = (typeof GENDERS)[number];

/** Members of a livelihood group / THT / HTX as counts (no names: the handbook counts them). */
export interface MemberCount {
  gender: Gender;
  /** Dân tộc, as written by the commune (e.g. "Mông", "Dao", "Kinh"). */
  ethnicity: string;
  count: number;
}

export const LEADERSHIPS = ["women_led", "co_led"] as const;
/** "phụ nữ làm chủ" / "đồng làm chủ" (Circular 55/2023 Art. 37.1). */
export type Leadership = (typeof LEADERSHIPS)[number];

export interface LivelihoodDetails {
  leadership: Leadership;
  memberCounts: MemberCount[];
  products: string[];
  village?: string;
  foundedOn?: string;
  status: OrgStatus;
}

export interface SavingsGroupDetails {
  /** Thôn / bản (required when registering; unknown for entries made by the migration). */
  village?: string;
  /** Required when registering; unknown for entries made by the migration until completed. */
  foundedOn?: string;
  status: OrgStatus;
  /** When the status last changed (the dissolution date for a dissolved group). */
  statusSince?: string;
  /** The Union officer or volunteer who facilitates the group (a role, not a member). */
  facilitator?: string;
  /** Since when the group applies the gender action learning system (GALS). */
  galsSince?: string;
}

export const ADDRESS_ORIGINS = ["founded", "upgraded"] as const;
/** Founded new under the programme (Art. 37.3(c)) or an existing one upgraded (Art. 37.3(b)). */
export type AddressOrigin = (typeof ADDRESS_ORIGINS)[number];

export interface TrustedAddressDetails {
  village?: string;
  origin: AddressOrigin;
  /** The date it was founded (origin founded) or upgraded (origin upgraded). */
  since: string;
  status: OrgStatus;
  /** The host's (chủ ĐCTC) name, sealed: personal data. */
  host?: SealedPersonalData;
}

export const SURVIVOR_NEEDS = [
  "vocational_training",
  "livelihood",
  "job_counselling",
  "capital",
  "savings_group",
  "psychosocial",
] as const;
export type SurvivorNeed = (typeof SURVIVOR_NEEDS)[number];

export interface SurvivorCaseDetails {
  /** When the commune listed the case (handbook 4.3: "lập danh sách"). */
  listedOn: string;
  needs: SurvivorNeed[];
  status: OrgStatus;
  /** The survivor's data, sealed (name, phone, address, story): minimum data, never indexed. */
  personal?: SealedPersonalData;
}

interface EntryBase {
  /** System-issued: `BN-` and ten Crockford base32 characters (ids.ts). */
  id: string;
  communeId: string;
  provinceId: string;
  /**
   * Display name: the group's, cooperative's or address's name. A survivor case has none: its
   * display name is its pseudonym.
   */
  name: string;
  /**
   * Duplicate key: the Vietnamese-normalized name (names.ts); for a survivor case, a keyed hash
   * of the normalized full name (or "" without one). Indexed; never personal data in clear.
   */
  nameKey: string;
  state: EntryState;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  /** MERGED: the entry this one was merged into. */
  mergedInto?: string;
  /** Entries merged into this one (their history is part of this one's). */
  mergedFrom?: string[];
  /**
   * A merge whose members and figures are still being copied here (step 3, in chunks): how many
   * of the removed entry's members and figures (in id order) are done.
   */
  pendingMerge?: { from: string; members: number; figures: number };
  /** Entries the registering officer was warned about and registered this one beside. */
  duplicateOf?: string[];
  /** Stable pseudonym (HMAC under the pseudonym key), for entries with personal data. */
  pseudonym?: string;
  /** Next member number (savings groups). */
  memberSeq?: number;
  /** Fields the commune still has to complete (entries made by the migration from proposals). */
  incomplete?: string[];
  importId?: string;
  auditSeq: number;
  auditHash: string;
}

export type Beneficiary = EntryBase &
  (
    | { kind: "SAVINGS_GROUP"; details: SavingsGroupDetails }
    | { kind: "LIVELIHOOD_GROUP" | "COOPERATIVE_GROUP" | "COOPERATIVE"; details: LivelihoodDetails }
    | { kind: "TRUSTED_ADDRESS"; details: TrustedAddressDetails }
    | { kind: "SURVIVOR_CASE"; details: SurvivorCaseDetails }
  );

export type Details = Beneficiary["details"];

/** A savings-group member (thành viên Tổ TKVVTB). No ID numbers, ever. */
export interface Member {
  groupId: string;
  /** `M001`, `M002`, ...: unique within the group. */
  id: string;
  /** Personal data: only on this item, never indexed, logged, emailed or in the audit trail. */
  name: string;
  birthYear?: number;
  gender: Gender;
  ethnicity?: string;
  joinedOn?: string;
  leftOn?: string;
  /** Introductions to formal financial institutions (giới thiệu tiếp cận định chế tài chính). */
  introductions: { institution: string; on: string }[];
  /** Livelihood support received (hỗ trợ phát triển sinh kế). */
  supports: { what: string; on: string }[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A savings group's figures of one meeting (YYYY-MM-DD) or one month (YYYY-MM). */
export interface GroupFigures {
  groupId: string;
  period: string;
  savingsBalance: Dong;
  loansOutstanding: Dong;
  membersAttending?: number;
  recordedAt: string;
  recordedBy: string;
  /** How many times these figures were corrected; every correction is an audit event. */
  corrections: number;
  lastCorrection?: { at: string; by: string; reason: string };
}

/** An entry registered despite a duplicate warning, queued for the province's review. */
export interface DuplicateFlag {
  provinceId: string;
  entryId: string;
  communeId: string;
  kind: RegistryKind;
  candidates: string[];
  createdAt: string;
}

/** The proposal's view of an entry: what it copies (kind, name, founding date). */
export function proposalBeneficiaryOf(b: Beneficiary): {
  kind: BeneficiaryKind;
  id: string;
  name: string;
  foundedOn?: string;
} {
  const foundedOn = foundingDateOf(b);
  return {
    kind: proposalKindOf(b.kind),
    id: b.id,
    name: b.name,
    ...(foundedOn ? { foundedOn } : {}),
  };
}

/** The date the organisation was founded, when the registry knows it. */
export function foundingDateOf(b: Beneficiary): string | undefined {
  switch (b.kind) {
    case "SAVINGS_GROUP":
      return b.details.foundedOn;
    case "TRUSTED_ADDRESS":
      return b.details.origin === "founded" ? b.details.since : undefined;
    case "SURVIVOR_CASE":
      return undefined;
    default:
      return b.details.foundedOn;
  }
}

export const statusOf = (b: Beneficiary): OrgStatus => b.details.status;
