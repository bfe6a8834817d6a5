/**
 * Users as the directory keeps them, and the rules of managing them (pure). A user is created
 * in two places, the directory and the identity provider (Cognito); the directory entry goes
 * first, so a crash between the two leaves a `pending` entry that a retry completes.
 */
import type { Role } from "../../kernel/types.ts";
import type { Unit } from "../ports.ts";

/**
 * awaiting_approval: a second admin must approve (four eyes) before the sign-in account exists
 * or is enabled again; pending: written in the directory, the identity provider not yet done;
 * active; disabled (the sign-in account disabled, its sessions signed out).
 */
export const USER_STATUSES = ["awaiting_approval", "pending", "active", "disabled"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** Roles that move money or change rules: creating or enabling one needs a second admin. */
export const FOUR_EYES_ROLES: ReadonlySet<Role> = new Set<Role>([
  "finance_officer",
  "admin",
  "central_officer",
]);

/** The kind of unit each role belongs to (the scope rules of shared/access/policy.ts read it). */
export const UNIT_KIND_OF_ROLE: Record<Role, Unit["kind"]> = {
  commune_officer: "commune",
  approver: "review_unit",
  unit_lead: "review_unit",
  finance_officer: "province",
  province_officer: "province",
  auditor: "province",
  admin: "province",
  central_officer: "nation",
};

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;

export interface NewUser {
  username: string;
  name: string;
  email: string;
  role: Role;
  unitId: string;
}

/** What a unit's kind must be for a role; an error message naming the field, or undefined. */
export function unitMismatch(role: Role, unit: Unit | undefined): string | undefined {
  if (!unit) return "unknown unit";
  const kind = UNIT_KIND_OF_ROLE[role];
  if (unit.kind !== kind) return `must be a role of a ${kind} unit`;
  return undefined;
}

/** The status a new (or re-enabled) user starts in: a second admin first for the four-eyes roles. */
export const startStatus = (role: Role): UserStatus =>
  FOUR_EYES_ROLES.has(role) ? "awaiting_approval" : "pending";

/** A directory entry, as the admin pages list it (absent status: an entry seeded before statuses). */
export const statusOf = (u: { status?: UserStatus }): UserStatus => u.status ?? "active";

/** Whether a user may act (sign in, receive tasks): only active users. */
export const isActive = (u: { status?: UserStatus }): boolean => statusOf(u) === "active";
