/**
 * Four eyes on the law the system enforces: a norm set is drafted by one person and takes effect
 * only when a second person (never the drafter) approves it. The draft keeps what the approver
 * must look at: the caps above the legal ceiling and the new legal text they cite.
 */
import type { CeilingFinding } from "./ceiling.ts";
import type { NormSetDraft } from "./types.ts";

export type DraftStatus = "pending" | "approved";

export interface NormSetDraftRecord {
  draftId: string;
  setId: string;
  scope: NormSetDraft["scope"];
  status: DraftStatus;
  /** The submitted set as validated when drafted (re-validated at approval). */
  draft: NormSetDraft;
  draftedBy: string;
  draftedAt: string;
  /** Caps above the shipped ceiling, each with the legal citation it relies on. */
  aboveCeiling: {
    code: string;
    cap: number;
    ceiling: number;
    ceilingCitation: string;
    legalCitation?: string;
  }[];
  approvedBy?: string;
  approvedAt?: string;
  /** The version the approval published. */
  version?: number;
}

export function findingsOf(
  findings: readonly CeilingFinding[],
): NormSetDraftRecord["aboveCeiling"] {
  return findings.map((f) => ({
    code: f.code,
    cap: f.cap,
    ceiling: f.ceiling.cap,
    ceilingCitation: `${f.ceiling.citation.document}, ${f.ceiling.citation.article}`,
    ...(f.legalCitation
      ? { legalCitation: `${f.legalCitation.document}, ${f.legalCitation.article}` }
      : {}),
  }));
}
