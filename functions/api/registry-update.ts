import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { kmsCipher } from "../../shared/privacy/adapters/personal-data-cipher.ts";
import { pseudonymKey } from "../../shared/privacy/adapters/pseudonym-key.ts";
import { dynamoRegistryStore } from "../../shared/registry/adapters/dynamo-registry-store.ts";
import { UpdateBeneficiary } from "../../shared/registry/routes.ts";
import { updateBeneficiary } from "../../shared/registry/use-cases/register.ts";
import { entryView } from "../../shared/registry/views.ts";

const ports = {
  registry: dynamoRegistryStore,
  directory: dynamoDirectory,
  cipher: kmsCipher,
  pseudonyms: pseudonymKey(),
};

/** PUT /v1/registry/beneficiaries/{id}: edit an entry; If-Match (or body.version) required. */
export const { handler, lambdaHandler } = apiHandler(
  UpdateBeneficiary,
  async (ctx, { params, body, ifMatch }) => {
    const { version, ...input } = body;
    const b = await updateBeneficiary(
      ports,
      ctx.actor,
      ctx.tx,
      params.id,
      ifMatch ?? version,
      input,
    );
    return json(200, entryView(b), { etag: `"${b.version}"` });
  },
);
