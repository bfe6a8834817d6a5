/**
 * The commune's norm pre-check on its proposal page. Its own module so that the page imports it
 * (and with it the norm check, about 34 kB) only when it shows the pre-check: while the
 * commune may still edit or submit. Every other reader's page loads none of it.
 */
import type { ScopedActor } from "../../shared/access/policy.ts";
import { dynamoNormSets, dynamoNormUsage } from "../../shared/norms/adapters/dynamo-norm-ports.ts";
import { previewNormCheckOf } from "../../shared/norms/use-cases/norms.ts";
import type { Proposal, TransitionContext } from "../../shared/proposals/domain/proposal.ts";

export const previewNorms = (actor: ScopedActor, tx: TransitionContext, p: Proposal) =>
  previewNormCheckOf({ normSets: dynamoNormSets, usage: dynamoNormUsage }, actor, tx, p);
