import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { kmsCipher } from "../../shared/privacy/adapters/personal-data-cipher.ts";
import { dynamoRegistryReadLog } from "../../shared/registry/adapters/dynamo-registry-read-log.ts";
import { dynamoRegistryStore } from "../../shared/registry/adapters/dynamo-registry-store.ts";
import { GetBeneficiary } from "../../shared/registry/routes.ts";
import { readBeneficiary } from "../../shared/registry/use-cases/read.ts";

const ports = {
  registry: dynamoRegistryStore,
  directory: dynamoDirectory,
  cipher: kmsCipher,
  reads: dynamoRegistryReadLog,
};

/**
 * GET /v1/registry/beneficiaries/{id}: one entry (a savings group with its members and figures);
 * `?include=personal` unseals (audited), `?include=history` adds the verified history.
 */
export const { handler, lambdaHandler } = apiHandler(
  GetBeneficiary,
  async (ctx, { params, query }) => {
    const view = await readBeneficiary(ports, ctx.actor, ctx.tx, params.id, {
      personal: query.include === "personal",
      history: query.include === "history",
    });
    return json(200, view, { etag: `"${view.version}"`, "cache-control": "no-store" });
  },
);
