/**
 * Core vocabulary of Project 8 proposals. Vietnamese terms live in docs/glossary.md and in
 * user-facing text; code speaks English.
 */

/** The four activities of Project 8 (BRIEF.md). */
export const ACTIVITIES = ["A1", "A2", "A3", "A4"] as const;
export type Activity = (typeof ACTIVITIES)[number];

/** Who receives support; the norm caps accumulate per beneficiary. */
export const BENEFICIARY_KINDS = [
  "SAVINGS_GROUP", // A1 tổ TKVVTB
  "LIVELIHOOD_GROUP", // A2 tổ nhóm sinh kế
  "COOPERATIVE_GROUP", // A2 tổ hợp tác (THT)
  "COOPERATIVE", // A2 hợp tác xã (HTX)
  "TRUSTED_ADDRESS", // A3 địa chỉ tin cậy (ĐCTC)
  "SURVIVOR_MODEL", // A4 mô hình sinh kế cho nạn nhân mua bán người
] as const;
export type BeneficiaryKind = (typeof BENEFICIARY_KINDS)[number];

export const PROPOSAL_STATUSES = [
  "DRAFT",
  "IN_REVIEW",
  "RETURNED",
  "REJECTED",
  "NORM_CHECK",
  "APPROVED",
  "DISBURSING",
  "MONITORING",
  "CLOSED",
  "CANCELLED",
] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const ROLES = [
  "commune_officer",
  "approver",
  "unit_lead",
  "finance_officer",
  "province_officer",
  "auditor",
  "admin",
  // The national role (Trung ương Hội LHPN): reads across provinces; writes only what the central
  // level owns (national targets and indicator definitions, its own events, province reports'
  // approval). Its unit is the nation (NATION_ID).
  "central_officer",
] as const;
export type Role = (typeof ROLES)[number];

/**
 * The nation as a unit of the directory (kind "nation"): the top of the hierarchy nation →
 * province → commune, the unit of central officers, and the place of national figures.
 */
export const NATION_ID = "VN";

/** Integer đồng. Never a float. */
export type Dong = number;

export interface ProposalItem {
  /** Norm item code, e.g. "A2.TECH" (see shared/norms/domain). */
  code: string;
  description: string;
  /** Support requested from the programme, integer đồng. */
  supportAmount: Dong;
  /** Total cost of the item; totalCost - supportAmount is co-financed by the beneficiary. */
  totalCost: Dong;
  /** For per-month norms (A1 running costs): number of months claimed. */
  months?: number;
  /**
   * For per-month norms: the first month claimed, YYYY-MM (local). Absent: the month of the
   * decision. The months claimed must lie within the beneficiary's first months from founding.
   */
  startMonth?: string;
}

export interface Beneficiary {
  kind: BeneficiaryKind;
  /**
   * The registry id of the beneficiary (shared/registry), issued by the system: caps key on it.
   * Proposals stored before the registry carry the free text the commune typed; the migration
   * (scripts/migrate-registry.ts) replaces it with a registry id.
   */
  id: string;
  /** Display name, copied from the registry. For A4 the case's pseudonym, never a survivor's name. */
  name: string;
  /** The group's or address's founding date (YYYY-MM-DD) as registered, for founding-date norms. */
  foundedOn?: string;
}

/** Personal data of a survivor (A3/A4). Stored encrypted, never indexed, never logged. */
export interface PersonalData {
  fullName?: string;
  idNumber?: string;
  phone?: string;
  address?: string;
  story?: string;
}

export interface Actor {
  /** Username (Cognito username / demo user id). */
  id: string;
  role: Role;
  /** Unit the user belongs to (commune, reviewing unit, province). */
  unitId: string;
  /** Display name for "decided by X". */
  name?: string;
}

export const CHANNELS = ["api", "web", "email_link", "system"] as const;
export type Channel = (typeof CHANNELS)[number];
