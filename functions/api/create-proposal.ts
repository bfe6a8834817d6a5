import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { kmsCipher } from "../../shared/privacy/adapters/personal-data-cipher.ts";
import { pseudonymKey } from "../../shared/privacy/adapters/pseudonym-key.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { CreateProposal } from "../../shared/proposals/routes.ts";
import { createProposal } from "../../shared/proposals/use-cases/proposals.ts";
import { proposalView } from "../../shared/proposals/views.ts";
import { dynamoRegistryStore } from "../../shared/registry/adapters/dynamo-registry-store.ts";
import { registryForProposals } from "../../shared/registry/use-cases/for-proposals.ts";

const ports = {
  proposals: dynamoProposalStore,
  directory: dynamoDirectory,
  cipher: kmsCipher,
  pseudonyms: pseudonymKey(),
  registry: registryForProposals(dynamoRegistryStore),
};

/** POST /v1/proposals: a commune officer creates a draft. */
export const { handler, lambdaHandler } = apiHandler(CreateProposal, async (ctx, { body }) => {
  const p = await createProposal(ports, ctx.actor, ctx.tx, body);
  return json(201, proposalView(p), { location: `/v1/proposals/${p.id}`, etag: `"${p.version}"` });
});
