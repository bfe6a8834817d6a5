import * as z from "zod/mini";
import "../../shared/validation/z.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { parseValue } from "../../shared/http/validate.ts";
import { listTasks } from "../../shared/review/use-cases/list-tasks.ts";

const Query = z.object({
  view: z._default(z.enum(["unit", "mine"]), "unit"),
  status: z.optional(z.enum(["OPEN", "DONE", "EXPIRED", "CANCELLED"])),
  unitId: z.optional(z.string().check(z.maxLength(64))),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 25),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});

/** GET /v1/tasks: review tasks of the caller's unit (or assigned to the caller), due first. */
export const { handler, lambdaHandler } = apiHandler(async (ctx) => {
  const q = parseValue(ctx.event.queryStringParameters ?? {}, Query, "query");
  return json(200, await listTasks(ctx.actor, q));
});
