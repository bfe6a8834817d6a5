/** In-memory cipher (reversible, tagged so a test can tell sealed from plain), pseudonyms, read log. */
import type { PersonalData } from "../../../shared/kernel/types.ts";
import type {
  PersonalDataCipher,
  PersonalReadLog,
  PseudonymKey,
  SealBinding,
} from "../../../shared/privacy/ports.ts";
import type { Proposal, TransitionContext } from "../../../shared/proposals/domain/proposal.ts";

/** Reversible, but bound like the KMS cipher: a record opens only for its own proposal and field. */
export function memoryCipher(): PersonalDataCipher {
  const place = (b: SealBinding) => `${b.proposalId}#${b.field}`;
  return {
    async seal(plain: PersonalData, binding) {
      return {
        v: 2,
        alg: "memory",
        keyId: "memory",
        iv: "",
        tag: place(binding),
        data: Buffer.from(JSON.stringify(plain)).toString("base64"),
      };
    },
    async unseal(sealed, binding) {
      if (sealed.tag !== place(binding)) {
        throw new Error(`sealed for ${sealed.tag}, not for ${place(binding)}`);
      }
      return JSON.parse(Buffer.from(sealed.data, "base64").toString()) as PersonalData;
    },
  };
}

export const memoryPseudonyms: PseudonymKey = {
  async pseudonymOf(id) {
    return `PSN-${id}`;
  },
};

export function memoryPersonalReadLog(): PersonalReadLog & {
  reads: { proposalId: string; actorId: string }[];
} {
  const reads: { proposalId: string; actorId: string }[] = [];
  return {
    reads,
    async record(p: Proposal, tx: TransitionContext) {
      reads.push({ proposalId: p.id, actorId: tx.actor.id });
    },
  };
}
