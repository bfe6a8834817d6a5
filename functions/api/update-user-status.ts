import { userAdminPorts } from "../../shared/directory/adapters/user-admin-ports.ts";
import { UpdateUserStatus } from "../../shared/directory/routes.ts";
import {
  approveUser,
  disableUser,
  enableUser,
} from "../../shared/directory/use-cases/manage-users.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";

const ACTIONS = { approve: approveUser, disable: disableUser, enable: enableUser };

/** POST /v1/users/{username}/status (admin): approve (a second admin), disable, enable. */
export const { handler, lambdaHandler } = apiHandler(
  UpdateUserStatus,
  async (ctx, { params, body }) =>
    json(200, await ACTIONS[body.action](userAdminPorts, ctx.actor, ctx.tx, params.username)),
);
