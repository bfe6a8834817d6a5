import * as z from "zod/mini";
import "../../shared/validation/z.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { parseJson } from "../../shared/http/validate.ts";
import { publishNormSetVersion } from "../../shared/norms/use-cases/publish-norm-set.ts";

/** POST /v1/norm-sets: an admin publishes a norm set version (validated, versioned, audited). */
export const { handler, lambdaHandler } = apiHandler(async (ctx) => {
  const body = parseJson(ctx.event.body, z.unknown(), ctx.event.isBase64Encoded);
  const set = await publishNormSetVersion(ctx.actor, ctx.tx, body);
  return json(201, set, { location: `/v1/norm-sets/${set.id}` });
});
