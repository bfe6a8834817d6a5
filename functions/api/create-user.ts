import { userAdminPorts } from "../../shared/directory/adapters/user-admin-ports.ts";
import { CreateUser } from "../../shared/directory/routes.ts";
import { createUser } from "../../shared/directory/use-cases/manage-users.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";

/** POST /v1/users (admin): the directory entry, then the sign-in account (four eyes for money roles). */
export const { handler, lambdaHandler } = apiHandler(CreateUser, async (ctx, { body }) =>
  json(201, await createUser(userAdminPorts, ctx.actor, ctx.tx, body)),
);
