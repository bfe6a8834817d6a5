import { dynamoUserStore } from "../../shared/directory/adapters/dynamo-user-store.ts";
import { ListUsers } from "../../shared/directory/routes.ts";
import { listUsers } from "../../shared/directory/use-cases/manage-users.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";

/** GET /v1/users (admin): the users of the admin's province, every status. */
export const { handler, lambdaHandler } = apiHandler(ListUsers, async (ctx) =>
  json(200, { users: await listUsers({ users: dynamoUserStore }, ctx.actor) }),
);
