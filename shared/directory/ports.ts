/** Units (provinces, reviewing units, communes) and users, as the directory keeps them. */
import type { PendingWrite } from "../kernel/pending-write.ts";
import type { Role } from "../kernel/types.ts";
import type { UserStatus } from "./domain/users.ts";

export interface Unit {
  id: string;
  /**
   * The hierarchy nation → province → commune (two-tier government since 1/7/2025), with the
   * Women's Union's reviewing units beside it (each commune names the one that reviews it). The
   * nation is one unit (NATION_ID, its own provinceId): central officers belong to it.
   */
  kind: "nation" | "province" | "review_unit" | "commune";
  nameVi: string;
  nameEn: string;
  provinceId: string;
  parentId?: string;
  /** Communes only: the unit that reviews their proposals (routing as data). */
  reviewUnitId?: string;
  leadUsername?: string;
}

export interface DirectoryUser {
  username: string;
  name: string;
  email: string;
  role: Role;
  unitId: string;
  provinceId: string;
  /** Absent for entries seeded before statuses existed: active. */
  status?: UserStatus;
  /** Who created or last asked to enable the user (four eyes: never its approver). */
  requestedBy?: string;
  /** What a pending or awaiting entry completes into: a new account, or enabling it again. */
  pendingOp?: "create" | "enable";
  updatedAt?: string;
}

/** The directory's users, as the admin pages manage them (status changes conditioned on the one read). */
export interface UserStore {
  /** Stages a new entry (fails if the username exists), for the transaction of its audit event. */
  stageCreate(user: DirectoryUser): PendingWrite;
  /** Stages a status change from `from` (fails if the entry is not in that status). */
  stageStatus(
    username: string,
    from: UserStatus | "any-active",
    patch: Pick<DirectoryUser, "status"> &
      Partial<Pick<DirectoryUser, "requestedBy" | "pendingOp">>,
    at: string,
  ): PendingWrite;
  /** pending → active once the identity provider is done (no audit event: a completion). */
  markActive(username: string, at: string): Promise<void>;
  /** Users of the units of a province and of the nation (one index query per unit). */
  ofProvince(provinceId: string): Promise<DirectoryUser[]>;
  /** A user read strongly consistently. */
  findFresh(username: string): Promise<DirectoryUser | undefined>;
}

/** Units the admin creates, written with their audit event. */
export interface UnitStore {
  stageCreate(unit: Unit): PendingWrite;
}

/**
 * The sign-in accounts (Cognito on AWS; the local stack's user pool locally). Every operation is
 * idempotent, so that a retry completes what a crash interrupted.
 */
export interface IdentityProvider {
  /** The account exists, is in the role's group, carries the unit and is enabled. */
  ensureActive(
    user: Pick<DirectoryUser, "username" | "name" | "email" | "role" | "unitId">,
  ): Promise<void>;
  /** The account is disabled and every session it has is signed out. */
  ensureDisabled(username: string): Promise<void>;
}

export type Commune = Unit & { reviewUnitId: string };

export interface Directory {
  /** A unit (may be cached for a minute). */
  findUnit(id: string): Promise<Unit | undefined>;
  /** A unit read fresh (routing decisions must see an admin's change at once). */
  findUnitFresh(id: string): Promise<Unit | undefined>;
  /** A commune with its reviewing unit, or a 400 naming `communeId`. */
  commune(id: string): Promise<Commune>;
  listUnits(provinceId: string): Promise<Unit[]>;
  /** Every province, by id (the nation's children). */
  provinces(): Promise<Unit[]>;
  findUser(username: string): Promise<DirectoryUser | undefined>;
  /** Users of a unit having one of the roles. */
  usersOfUnit(unitId: string, roles: readonly Role[]): Promise<DirectoryUser[]>;
  /**
   * Stages a change of the unit that reviews a commune, conditioned on the value read (`from`,
   * undefined for none), for the transaction of its audit event: no lost update.
   */
  stageReviewUnitChange(communeId: string, from: string | undefined, to: string): PendingWrite;
  /** Forgets what this process cached about a unit (after a committed change). */
  forget(unitId: string): void;
}
