/**
 * The duplicate warning: an entry of the same commune and kind whose name folds to the same key
 * is a likely duplicate. Registering one anyway needs the officer to name the candidates they
 * were shown; the entry is then queued for the province, who merges or dismisses.
 */
import { ConflictError } from "../../kernel/errors.ts";
import type { Beneficiary, RegistryKind } from "./beneficiary.ts";

export interface DuplicateCandidate {
  id: string;
  kind: RegistryKind;
  communeId: string;
  /** The entry's display name (a survivor case's pseudonym: never personal data). */
  name: string;
}

export const candidateOf = (b: Beneficiary): DuplicateCandidate => ({
  id: b.id,
  kind: b.kind,
  communeId: b.communeId,
  name: b.name,
});

/** 409 listing the likely duplicates; resend with `duplicatesReviewed` to register anyway. */
export class LikelyDuplicateError extends ConflictError {
  constructor(readonly duplicates: DuplicateCandidate[]) {
    super(
      `likely duplicate of ${duplicates.map((d) => d.id).join(", ")} (same commune, kind and name after normalization): use that entry, or resend with duplicatesReviewed listing these ids to register a distinct one`,
      { duplicates },
    );
  }
}

/**
 * The candidates not yet acknowledged; throws LikelyDuplicateError when some are left. `self`
 * (an edited entry) is never its own duplicate.
 */
export function checkDuplicates(
  candidates: readonly Beneficiary[],
  reviewed: readonly string[] | undefined,
  self?: string,
): string[] {
  const others = candidates.filter((c) => c.id !== self && c.state !== "MERGED");
  const seen = new Set(reviewed ?? []);
  const open = others.filter((c) => !seen.has(c.id));
  if (open.length > 0) throw new LikelyDuplicateError(open.map(candidateOf));
  return others.map((c) => c.id);
}
