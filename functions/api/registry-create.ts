import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { kmsCipher } from "../../shared/privacy/adapters/personal-data-cipher.ts";
import { pseudonymKey } from "../../shared/privacy/adapters/pseudonym-key.ts";
import { dynamoRegistryStore } from "../../shared/registry/adapters/dynamo-registry-store.ts";
import { CreateBeneficiary } from "../../shared/registry/routes.ts";
import { registerBeneficiary } from "../../shared/registry/use-cases/register.ts";
import { entryView } from "../../shared/registry/views.ts";

const ports = {
  registry: dynamoRegistryStore,
  directory: dynamoDirectory,
  cipher: kmsCipher,
  pseudonyms: pseudonymKey(),
};

/** POST /v1/registry/beneficiaries: a commune officer registers a beneficiary. */
export const { handler, lambdaHandler } = apiHandler(CreateBeneficiary, async (ctx, { body }) => {
  const b = await registerBeneficiary(ports, ctx.actor, ctx.tx, body);
  return json(201, entryView(b), {
    location: `/v1/registry/beneficiaries/${b.id}`,
    etag: `"${b.version}"`,
  });
});
