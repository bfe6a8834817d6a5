import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoRegistryStore } from "../../shared/registry/adapters/dynamo-registry-store.ts";
import { AddMember } from "../../shared/registry/routes.ts";
import { addMember } from "../../shared/registry/use-cases/members.ts";
import { memberView } from "../../shared/registry/views.ts";

const ports = { registry: dynamoRegistryStore, directory: dynamoDirectory };

/**
 * POST /v1/registry/beneficiaries/{id}/members: a member joins a savings group. The answer names
 * her by id only: her name stays on her record (minimal data; GET .../members lists it).
 */
export const { handler, lambdaHandler } = apiHandler(
  AddMember,
  async (ctx, { params, body, ifMatch }) => {
    const m = await addMember(ports, ctx.actor, ctx.tx, params.id, ifMatch, body);
    return json(201, memberView(m, false), {
      location: `/v1/registry/beneficiaries/${params.id}/members/${m.id}`,
      etag: `"${m.version}"`,
    });
  },
);
