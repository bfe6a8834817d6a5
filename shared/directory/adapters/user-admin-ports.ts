import { dynamoAuditLog } from "../../audit/adapters/dynamo-audit-log.ts";
import type { UserAdminPorts } from "../use-cases/manage-users.ts";
import { cognitoIdentityProvider } from "./cognito-identity-provider.ts";
import { dynamoDirectory } from "./dynamo-directory.ts";
import { dynamoUserStore } from "./dynamo-user-store.ts";

/** The ports of the admin's user management: the directory, Cognito, the audit log. */
export const userAdminPorts: UserAdminPorts = {
  users: dynamoUserStore,
  directory: dynamoDirectory,
  identity: cognitoIdentityProvider,
  audit: dynamoAuditLog,
};
