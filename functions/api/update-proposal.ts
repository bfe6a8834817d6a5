import { apiHandler, json } from "../../shared/http/handler.ts";
import { kmsCipher } from "../../shared/privacy/adapters/personal-data-cipher.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { UpdateProposal } from "../../shared/proposals/routes.ts";
import { updateProposal } from "../../shared/proposals/use-cases/proposals.ts";
import { proposalView } from "../../shared/proposals/views.ts";
import { dynamoRegistryStore } from "../../shared/registry/adapters/dynamo-registry-store.ts";
import { registryForProposals } from "../../shared/registry/use-cases/for-proposals.ts";

/** PUT /v1/proposals/{id}: edit a draft or returned proposal; If-Match (or body.version) required. */
export const { handler, lambdaHandler } = apiHandler(
  UpdateProposal,
  async (ctx, { params, body, ifMatch }) => {
    const { version, ...fields } = body;
    const p = await updateProposal(
      {
        proposals: dynamoProposalStore,
        cipher: kmsCipher,
        registry: registryForProposals(dynamoRegistryStore),
      },
      ctx.actor,
      ctx.tx,
      params.id,
      ifMatch ?? version,
      fields,
    );
    return json(200, proposalView(p), { etag: `"${p.version}"` });
  },
);
