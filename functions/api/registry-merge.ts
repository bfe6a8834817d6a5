import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { dynamoRegistryStore } from "../../shared/registry/adapters/dynamo-registry-store.ts";
import { dynamoUsageLedger } from "../../shared/registry/adapters/dynamo-usage-ledger.ts";
import { MergeBeneficiaries } from "../../shared/registry/routes.ts";
import { mergeBeneficiaries } from "../../shared/registry/use-cases/merge.ts";

const ports = {
  registry: dynamoRegistryStore,
  directory: dynamoDirectory,
  proposals: dynamoProposalStore,
  usage: dynamoUsageLedger,
};

/** POST /v1/registry/merges: a province officer merges a duplicate into the entry kept. */
export const { handler, lambdaHandler } = apiHandler(MergeBeneficiaries, async (ctx, { body }) =>
  json(200, await mergeBeneficiaries(ports, ctx.actor, ctx.tx, body)),
);
