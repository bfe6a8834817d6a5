/** Sealing survivors' personal data, their pseudonyms, and the audit of every read. */
import type { PersonalData } from "../kernel/types.ts";
import type {
  Proposal,
  SealedPersonalData,
  TransitionContext,
} from "../proposals/domain/proposal.ts";

export interface PersonalDataCipher {
  seal(plain: PersonalData): Promise<SealedPersonalData>;
  unseal(sealed: SealedPersonalData): Promise<PersonalData>;
}

export interface PseudonymKey {
  /** A stable pseudonym of the survivor of a proposal (HMAC of its id under a key nobody reads). */
  pseudonymOf(proposalId: string): Promise<string | undefined>;
}

/** Records a read of a proposal's personal data in its own audit chain; refuses if it cannot. */
export interface PersonalReadLog {
  record(p: Proposal, tx: TransitionContext): Promise<void>;
}
