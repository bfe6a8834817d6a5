/** Units (provinces, reviewing units, communes) and users, as the directory keeps them. */
import type { PendingWrite } from "../kernel/pending-write.ts";
import type { Role } from "../kernel/types.ts";

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
