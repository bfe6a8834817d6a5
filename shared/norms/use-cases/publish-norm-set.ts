import { authorize, type ScopedActor } from "../../access/policy.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import { type NormSet, prepareNormSetVersion } from "../domain/index.ts";
import type { NormSetStore } from "../ports.ts";

/** The id a submission names, if it names one (the rest is validated by the domain). */
function submittedId(submitted: unknown): string | undefined {
  return typeof submitted === "object" &&
    submitted !== null &&
    "id" in submitted &&
    typeof submitted.id === "string"
    ? submitted.id
    : undefined;
}

/**
 * An admin publishes a norm set (a new set, or a new version of one).
 * 1. authorize; 2. read the existing versions (the set's own consistently, the others through
 *    the index); 3. validate and number the version (never retroactive; a province only
 *    narrows); 4. one transaction: the version (conditioned on not existing) and its audit
 *    event, chained in the set's own stream `NS#<setId>`. Two admins publishing at once: one wins.
 */
export async function publishNormSetVersion(
  ports: { normSets: NormSetStore },
  actor: ScopedActor,
  tx: TransitionContext,
  body: unknown,
): Promise<NormSet> {
  authorize(actor, "norms.publish");
  const id = submittedId(body);
  const [all, own] = await Promise.all([
    ports.normSets.list(),
    id ? ports.normSets.versions(id) : Promise.resolve([]),
  ]);
  const byKey = new Map([...all, ...own].map((s) => [`${s.id}#${s.version}`, s]));
  const set = prepareNormSetVersion(body, [...byKey.values()], actor, tx.at);
  await ports.normSets.publish(
    set,
    {
      type: "normset.published",
      from: set.version > 1 ? `v${set.version - 1}` : null,
      to: `v${set.version}`,
      data: {
        setId: set.id,
        version: set.version,
        effectiveFrom: set.effectiveFrom,
        scope: set.scope.kind,
        items: set.items.length,
      },
    },
    tx,
  );
  return set;
}
