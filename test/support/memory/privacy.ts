/** In-memory cipher (reversible, tagged so a test can tell sealed from plain), pseudonyms, read log. */
import type { PersonalData } from "../../../shared/kernel/types.ts";
import type {
  PersonalDataCipher,
  PersonalReadLog,
  PseudonymKey,
} from "../../../shared/privacy/ports.ts";
import type { Proposal, TransitionContext } from "../../../shared/proposals/domain/proposal.ts";

export function memoryCipher(): PersonalDataCipher {
  return {
    async seal(plain: PersonalData) {
      return {
        alg: "memory",
        keyId: "memory",
        iv: "",
        tag: "",
        data: Buffer.from(JSON.stringify(plain)).toString("base64"),
      };
    },
    async unseal(sealed) {
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
