import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { LOCAL_ACCOUNT, LOCAL_REGION } from "../../template/types.ts";
import type { Authorization, Authorize } from "../authorize.ts";
import { BodyTooLargeError, header, type LocalServer, listenLocal, receive } from "../request.ts";
import { isRole, type LocalUserPool, type PoolUser } from "./pool.ts";

export interface LocalCognitoOptions {
  port: number;
  pool: LocalUserPool;
  /** The template's user pools (their Ref, the UserPoolId functions get). */
  userPoolIds: readonly string[];
  authorize: Authorize;
  now?: () => string;
}

class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const JSON_11 = "application/x-amz-json-1.1";

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": JSON_11,
    "content-length": Buffer.byteLength(text),
    "x-amzn-requestid": randomUUID(),
  });
  res.end(text);
}

function sendError(res: ServerResponse, e: CognitoError): void {
  res.setHeader("x-amzn-errortype", e.type);
  send(res, e.status, { __type: e.type, message: e.message });
}

function refusal(auth: Exclude<Authorization, { allowed: true }>): CognitoError {
  if (auth.reason === "denied") return new CognitoError("AccessDeniedException", auth.message);
  return new CognitoError("NotAuthorizedException", auth.message, 403);
}

/** The operations the directory's IdentityProvider makes (and AdminGetUser, to look). */
const OPERATIONS = new Set([
  "AdminCreateUser",
  "AdminAddUserToGroup",
  "AdminEnableUser",
  "AdminDisableUser",
  "AdminUserGlobalSignOut",
  "AdminGetUser",
]);

const str = (v: unknown, name: string): string => {
  if (typeof v !== "string" || v === "")
    throw new CognitoError("InvalidParameterException", `${name} is required`);
  return v;
};

/**
 * The local Cognito user pool API: AWS JSON 1.1 (`X-Amz-Target:
 * AWSCognitoIdentityProviderService.<Op>`), the admin operations of user management, each
 * authenticated and authorized as `cognito-idp:<Op>` on the pool's ARN, like the other local
 * services. Accounts go to the LocalUserPool the local token issuer reads.
 */
export async function startLocalCognito(opts: LocalCognitoOptions): Promise<LocalServer> {
  const now = opts.now ?? (() => new Date().toISOString());
  return listenLocal(
    opts.port,
    async (req, res) => {
      let request: Awaited<ReturnType<typeof receive>>;
      try {
        request = await receive(req, 256 * 1024);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          sendError(res, new CognitoError("InvalidParameterException", "Request too large"));
          return;
        }
        throw error;
      }
      const target = header(request, "x-amz-target") ?? "";
      const op = /^AWSCognitoIdentityProviderService\.([A-Za-z]+)$/.exec(target)?.[1] ?? "";
      if (request.method !== "POST" || !OPERATIONS.has(op)) {
        sendError(
          res,
          new CognitoError("UnknownOperationException", `Unknown operation ${target}`),
        );
        return;
      }
      let input: Record<string, unknown>;
      try {
        input = JSON.parse(request.body.toString("utf8") || "{}") as Record<string, unknown>;
      } catch {
        sendError(res, new CognitoError("SerializationException", "The body is not JSON"));
        return;
      }
      const poolId = typeof input.UserPoolId === "string" ? input.UserPoolId : "";
      const auth = await opts.authorize({
        service: "cognito-idp",
        request,
        checks: [
          {
            action: `cognito-idp:${op}`,
            resource: `arn:aws:cognito-idp:${LOCAL_REGION}:${LOCAL_ACCOUNT}:userpool/${poolId}`,
          },
        ],
        context: {},
      });
      if (!auth.allowed) {
        sendError(res, refusal(auth));
        return;
      }
      try {
        if (!opts.userPoolIds.includes(poolId))
          throw new CognitoError(
            "ResourceNotFoundException",
            `User pool ${poolId} does not exist.`,
          );
        send(res, 200, run(op, input, opts.pool, now()));
      } catch (error) {
        if (error instanceof CognitoError) sendError(res, error);
        else throw error;
      }
    },
    (res, error) => {
      console.error("local Cognito: internal error", error);
      sendError(res, new CognitoError("InternalErrorException", "internal error", 500));
    },
  );
}

function run(op: string, input: Record<string, unknown>, pool: LocalUserPool, at: string): unknown {
  const username = str(input.Username, "Username");
  const existing = pool.get(username);
  const need = (): PoolUser => {
    if (!existing) throw new CognitoError("UserNotFoundException", "User does not exist.");
    return existing;
  };
  switch (op) {
    case "AdminCreateUser": {
      if (existing)
        throw new CognitoError("UsernameExistsException", "User account already exists");
      const attrs = Object.fromEntries(
        ((input.UserAttributes as { Name: string; Value: string }[] | undefined) ?? []).map((a) => [
          a.Name,
          a.Value,
        ]),
      );
      const user: PoolUser = {
        username,
        email: attrs.email ?? "",
        name: attrs.name ?? username,
        unitId: attrs["custom:unit"] ?? "",
        groups: [],
        enabled: true,
        createdAt: at,
      };
      pool.update((u) => {
        u[username] = user;
      });
      return { User: { Username: username, Enabled: true, UserStatus: "FORCE_CHANGE_PASSWORD" } };
    }
    case "AdminAddUserToGroup": {
      need();
      const group = str(input.GroupName, "GroupName");
      if (!isRole(group)) throw new CognitoError("ResourceNotFoundException", "Group not found.");
      pool.update((u) => {
        const x = u[username];
        if (x && !x.groups.includes(group)) x.groups.push(group);
      });
      return {};
    }
    case "AdminEnableUser":
    case "AdminDisableUser": {
      need();
      pool.update((u) => {
        const x = u[username];
        if (x) x.enabled = op === "AdminEnableUser";
      });
      return {};
    }
    case "AdminUserGlobalSignOut": {
      need();
      pool.update((u) => {
        const x = u[username];
        if (x) x.signedOutAt = at;
      });
      return {};
    }
    default: {
      const u = need();
      return {
        Username: u.username,
        Enabled: u.enabled,
        UserAttributes: [
          { Name: "email", Value: u.email },
          { Name: "name", Value: u.name },
          { Name: "custom:unit", Value: u.unitId },
        ],
      };
    }
  }
}
