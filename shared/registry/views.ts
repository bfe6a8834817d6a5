/**
 * The public shapes of registry records: no chain internals, no duplicate key (a survivor
 * case's is a keyed hash of her name), sealed fields replaced by a flag; personal data only when
 * unsealed for a reader who may see it, and member names only for the commune that keeps them.
 */
import type { PersonalData } from "../kernel/types.ts";
import type { Beneficiary, GroupFigures, Member } from "./domain/beneficiary.ts";

export interface UnsealedEntryData {
  /** Trusted address: the host's name. */
  hostName?: string;
  /** Survivor case: her data. */
  survivor?: PersonalData;
}

export function hasPersonalData(b: Beneficiary): boolean {
  if (b.kind === "TRUSTED_ADDRESS") return b.details.host !== undefined;
  if (b.kind === "SURVIVOR_CASE") return b.details.personal !== undefined;
  return false;
}

export function entryView(b: Beneficiary, unsealed?: UnsealedEntryData) {
  const { auditSeq: _s, auditHash: _h, nameKey: _k, details, ...rest } = b;
  const {
    host: _host,
    personal: _personal,
    ...plain
  } = details as unknown as Record<string, unknown>;
  return {
    ...rest,
    details: plain,
    hasPersonalData: hasPersonalData(b),
    ...(unsealed?.hostName ? { hostName: unsealed.hostName } : {}),
    ...(unsealed?.survivor ? { personal: unsealed.survivor } : {}),
  };
}

/** A member for readers who may not see names: everything the indicators use, no name. */
export function memberView(m: Member, withName: boolean) {
  const { name, ...rest } = m;
  return withName ? { ...rest, name } : rest;
}

export const figuresView = (f: GroupFigures) => f;
