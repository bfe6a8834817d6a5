import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { SubmitProposal } from "../../shared/proposals/routes.ts";
import { submitProposal } from "../../shared/proposals/use-cases/proposals.ts";
import { proposalView } from "../../shared/proposals/views.ts";
import { dynamoRegistryStore } from "../../shared/registry/adapters/dynamo-registry-store.ts";
import { registryForProposals } from "../../shared/registry/use-cases/for-proposals.ts";
import { dynamoOutbox } from "../../shared/workflow/adapters/outbox.ts";
import { sfnWorkflow } from "../../shared/workflow/adapters/sfn-workflow.ts";

const ports = {
  proposals: dynamoProposalStore,
  outbox: dynamoOutbox,
  workflow: sfnWorkflow,
  registry: registryForProposals(dynamoRegistryStore),
};

/** POST /v1/proposals/{id}/submit: send a draft (or a returned proposal) to its reviewing unit. */
export const { handler, lambdaHandler } = apiHandler(
  SubmitProposal,
  async (ctx, { params, ifMatch }) => {
    const p = await submitProposal(ports, ctx.actor, ctx.tx, params.id, ifMatch);
    return json(202, proposalView(p), { etag: `"${p.version}"` });
  },
);
