import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";
import { findUnit, findUserCached } from "../directory/adapters/dynamo-directory.ts";
import { isActive } from "../directory/domain/users.ts";
import { ForbiddenError, MfaRequiredError, UnauthorizedError } from "../kernel/errors.ts";
import { identityOf } from "./domain/identity.ts";
import { MFA_ENROL_PATH, mfaProblemOf } from "./domain/mfa.ts";
import type { ScopedActor } from "./policy.ts";

export type RequestActor = ScopedActor & { name?: string };

/**
 * The signed-in user from verified JWT claims, with the unit's province: an ID token
 * (`token_use` "id"), exactly one role group, a unit the directory knows (rules in
 * shared/access/domain/identity.ts), and for a privileged role a sign-in with TOTP MFA
 * (shared/access/domain/mfa.ts). A token problem is a 401, a user set-up problem a 403 that
 * names it, a privileged sign-in without MFA a 403 `mfa-required` naming the enrolment page
 * (only that page passes `{ mfaEnrolment: true }`).
 */
export async function actorFromClaims(
  claims: Record<string, unknown> | undefined,
  opts: { mfaEnrolment?: boolean } = {},
): Promise<RequestActor> {
  if (!claims) throw new UnauthorizedError("no verified identity on the request");
  const found = identityOf(claims);
  if (!found.ok) {
    if (found.problem.kind === "token") throw new UnauthorizedError(found.problem.message);
    throw new ForbiddenError(found.problem.message);
  }
  const { id, role, unitId, name } = found.identity;
  const mfa = opts.mfaEnrolment ? undefined : mfaProblemOf(id, role, claims);
  if (mfa) throw new MfaRequiredError(mfa, MFA_ENROL_PATH);
  const [unit, entry] = await Promise.all([findUnit(unitId), findUserCached(id)]);
  // Disabled (or not yet active) in the directory: refused even with a token still valid (its
  // sessions were signed out; an ID token cannot be revoked before its hour is up).
  if (entry && !isActive(entry)) throw new ForbiddenError(`user ${id} is not active`);
  if (!unit) throw new ForbiddenError(`user ${id}'s unit ${unitId} is not in the directory`);
  return {
    id,
    role,
    unitId,
    provinceId: unit.kind === "province" ? unit.id : unit.provinceId,
    ...(name ? { name } : {}),
  };
}

export function claimsOf(
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
): Record<string, unknown> | undefined {
  return event.requestContext?.authorizer?.jwt?.claims as Record<string, unknown> | undefined;
}
