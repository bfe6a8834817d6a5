/**
 * The registry as the proposals capability uses it (the BeneficiaryRegistry port): which entry a
 * proposal may reference, and the writes that record the reference in the proposal's own
 * transaction. This is where the free-text bypass ends: a proposal names an id the system issued,
 * of its own commune, of a kind that fits the activity; caps key on that id.
 */
import { ConflictError, ValidationError } from "../../kernel/errors.ts";
import type { Activity, Beneficiary as ProposalBeneficiary } from "../../kernel/types.ts";
import type { BeneficiaryRegistry } from "../../proposals/ports.ts";
import {
  ACTIVITY_OF_KIND,
  type Beneficiary,
  proposalBeneficiaryOf,
} from "../domain/beneficiary.ts";
import type { RegistryStore } from "../ports.ts";

const field = "beneficiaryId";
const refuse = (message: string, short: string): never => {
  throw new ValidationError(message, [{ field, message: short }]);
};

/** The entry an id names now: a merged entry resolves to the one it was merged into. */
async function resolve(registry: Pick<RegistryStore, "find">, id: string): Promise<Beneficiary> {
  let b = await registry.find(id);
  for (let hops = 0; b?.state === "MERGED" && b.mergedInto && hops < 10; hops++) {
    b = await registry.find(b.mergedInto);
  }
  if (!b) {
    return refuse(
      `${id} is not a registered beneficiary: register it first (POST /v1/registry/beneficiaries) and use the id it gets`,
      "not a registered beneficiary",
    );
  }
  return b;
}

function check(b: Beneficiary, activity: Activity, communeId: string): ProposalBeneficiary {
  if (b.state === "MERGING") {
    throw new ConflictError(
      `registry entry ${b.id} is being merged by the province; retry in a moment`,
    );
  }
  if (ACTIVITY_OF_KIND[b.kind] !== activity) {
    const kinds = Object.entries(ACTIVITY_OF_KIND)
      .filter(([, a]) => a === activity)
      .map(([k]) => k)
      .join(", ");
    refuse(
      `registry entry ${b.id} is a ${b.kind}: activity ${activity} supports ${kinds}`,
      `activity ${activity} supports ${kinds}`,
    );
  }
  if (b.communeId !== communeId) {
    // Not its name: the officer may not read another commune's registry.
    refuse(
      `registry entry ${b.id} is registered in another commune; a proposal supports a beneficiary of its own commune`,
      "registered in another commune",
    );
  }
  if (b.details.status === "dissolved") {
    refuse(`registry entry ${b.id} is dissolved`, "dissolved");
  }
  return proposalBeneficiaryOf(b);
}

export function registryForProposals(
  registry: Pick<RegistryStore, "find" | "stageReference" | "stageUnreference">,
): BeneficiaryRegistry {
  return {
    async forProposal(id, q) {
      const b = await resolve(registry, id);
      const beneficiary = check(b, q.activity, q.communeId);
      return {
        beneficiary,
        writes: [
          ...registry.stageReference(b.id, q.proposalId),
          ...(q.previousId && q.previousId !== b.id
            ? registry.stageUnreference(q.previousId, q.proposalId)
            : []),
        ],
      };
    },
    async current(id, q) {
      const b = await registry.find(id);
      if (!b) {
        return refuse(
          `the beneficiary ${id} of this proposal is not registered: edit the proposal to name a registered one (or run the registry migration)`,
          "not a registered beneficiary",
        );
      }
      if (b.state === "MERGED") {
        throw new ConflictError(
          `registry entry ${b.id} was merged into ${b.mergedInto ?? "another entry"}; edit the proposal to reference it`,
        );
      }
      return check(b, q.activity, q.communeId);
    },
  };
}
