import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { dynamoRegistryStore } from "../../shared/registry/adapters/dynamo-registry-store.ts";
import { UpdateMember } from "../../shared/registry/routes.ts";
import { updateMember } from "../../shared/registry/use-cases/members.ts";
import { memberView } from "../../shared/registry/views.ts";

const ports = { registry: dynamoRegistryStore, directory: dynamoDirectory };

/** PUT .../members/{memberId}: edit or correct a member's record (answered without her name). */
export const { handler, lambdaHandler } = apiHandler(
  UpdateMember,
  async (ctx, { params, body, ifMatch }) => {
    const { version, ...input } = body;
    const m = await updateMember(
      ports,
      ctx.actor,
      ctx.tx,
      params.id,
      params.memberId,
      ifMatch ?? version,
      input,
    );
    return json(200, memberView(m, false), { etag: `"${m.version}"` });
  },
);
