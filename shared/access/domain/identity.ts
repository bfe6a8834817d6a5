import { ROLES, type Role } from "../../kernel/types.ts";

/**
 * Who a verified token says the caller is, by rules that hold on every path (the API's actor,
 * the pages' session, the sign-in callback). Pure: the signature, issuer, audience and expiry
 * were verified before (API Gateway's JWT authorizer, or shared/access/adapters/token-verifier.ts).
 *
 * - Only ID tokens. Cognito issues an access token next to the ID token, signed by the same
 *   keys; API Gateway's JWT authorizer accepts either (it matches `aud` or `client_id`). The
 *   application's claims (`custom:unit`, the name) live in the ID token, and an access token
 *   can be given scopes, or claims by a pre-token-generation trigger, for other clients: so a
 *   token whose `token_use` is not "id" is refused, as is one without `token_use`.
 * - Exactly one recognised role group. Cognito groups are a list; a user in two role groups
 *   (say approver and admin) would otherwise get whichever came first in the token, which
 *   depends on group precedence someone may change. Groups that are not roles are ignored.
 */
export type Identity = { id: string; role: Role; unitId: string; name?: string };

export type IdentityProblem =
  /** The token is not usable as a session: 401. */
  | { kind: "token"; message: string }
  /** The token is fine but the user's set-up is not: 403 naming it. */
  | { kind: "user"; message: string };

/** API Gateway passes array claims as "[a b]" strings; Cognito groups can arrive either way. */
export function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== "string") return [];
  return claim
    .replace(/^\[|\]$/g, "")
    .split(/[\s,]+/)
    .filter(Boolean);
}

const isRole = (g: string): g is Role => (ROLES as readonly string[]).includes(g);

export function identityOf(
  claims: Readonly<Record<string, unknown>>,
): { ok: true; identity: Identity } | { ok: false; problem: IdentityProblem } {
  const tokenUse = claims.token_use;
  if (tokenUse !== "id") {
    return {
      ok: false,
      problem: {
        kind: "token",
        message:
          tokenUse === undefined
            ? "the token has no token_use: send the ID token of the sign-in"
            : `the token is an ${String(tokenUse).slice(0, 20)} token, not an ID token: send the ID token of the sign-in`,
      },
    };
  }
  const id = claims["cognito:username"];
  if (typeof id !== "string" || id === "") {
    return { ok: false, problem: { kind: "token", message: "the token has no cognito:username" } };
  }
  const roles = [...new Set(groupsOf(claims["cognito:groups"]).filter(isRole))];
  if (roles.length !== 1) {
    return {
      ok: false,
      problem: {
        kind: "user",
        message:
          roles.length === 0
            ? `user ${id} is in no role group; an administrator must add them to exactly one of ${ROLES.join(", ")}`
            : `user ${id} is in ${roles.length} role groups (${roles.join(", ")}); exactly one is allowed: an administrator must remove the others`,
      },
    };
  }
  const unitId = claims["custom:unit"];
  if (typeof unitId !== "string" || unitId === "") {
    return {
      ok: false,
      problem: {
        kind: "user",
        message: `user ${id} has no unit (custom:unit); an administrator must set it`,
      },
    };
  }
  const role = roles[0] as Role;
  return {
    ok: true,
    identity: {
      id,
      role,
      unitId,
      ...(typeof claims.name === "string" ? { name: claims.name } : {}),
    },
  };
}
