/** Sealing survivors' personal data, their pseudonyms, and the audit of every read. */
import type { PersonalData } from "../kernel/types.ts";
import type {
  Proposal,
  SealedPersonalData,
  TransitionContext,
} from "../proposals/domain/proposal.ts";

/** Where a sealed record belongs: it opens only there (shared/privacy/adapters/personal-data-cipher.ts). */
export interface SealBinding {
  proposalId: string;
  /** The proposal's attribute that holds the record. */
  field: "personal";
}

export interface PersonalDataCipher {
  seal(plain: PersonalData, binding: SealBinding): Promise<SealedPersonalData>;
  /** Fails (throws) when the record was sealed for another proposal or field. */
  unseal(sealed: SealedPersonalData, binding: SealBinding): Promise<PersonalData>;
}

export interface PseudonymKey {
  /** A stable pseudonym of the survivor of a proposal (HMAC of its id under a key nobody reads). */
  pseudonymOf(proposalId: string): Promise<string | undefined>;
}

/** Records a read of a proposal's personal data in its own audit chain; refuses if it cannot. */
export interface PersonalReadLog {
  /** `what` names what was read: all fields by default, or e.g. `{ attachmentId }`. */
  record(p: Proposal, tx: TransitionContext, what?: Record<string, unknown>): Promise<void>;
}
