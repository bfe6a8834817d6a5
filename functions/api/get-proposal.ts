import { dynamoFundingReader } from "../../shared/funding/adapters/dynamo-funding-reader.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoPersonalReadLog } from "../../shared/privacy/adapters/dynamo-personal-read-log.ts";
import { kmsCipher } from "../../shared/privacy/adapters/personal-data-cipher.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { GetProposal } from "../../shared/proposals/routes.ts";
import { readProposal } from "../../shared/proposals/use-cases/read-proposal.ts";
import { proposalView } from "../../shared/proposals/views.ts";

const ports = {
  proposals: dynamoProposalStore,
  funding: dynamoFundingReader,
  cipher: kmsCipher,
  personalReads: dynamoPersonalReadLog,
};

/**
 * GET /v1/proposals/{id}. Personal data is returned only with ?include=personal, only to roles
 * allowed to see it, and every such read is recorded in the audit trail.
 */
export const { handler, lambdaHandler } = apiHandler(
  GetProposal,
  async (ctx, { params, query }) => {
    const { proposal, personal, funding } = await readProposal(
      ports,
      ctx.actor,
      ctx.tx,
      params.id,
      {
        personal: query.include === "personal",
      },
    );
    return json(
      200,
      { ...proposalView(proposal, personal), ...funding },
      { etag: `"${proposal.version}"` },
    );
  },
);
