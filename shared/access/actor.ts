import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";
import { findUnit } from "../directory/adapters/dynamo-directory.ts";
import { UnauthorizedError } from "../kernel/errors.ts";
import { ROLES, type Role } from "../kernel/types.ts";
import type { ScopedActor } from "./policy.ts";

export type RequestActor = ScopedActor & { name?: string };

/** API Gateway passes array claims as "[a b]" strings; Cognito groups can arrive either way. */
function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== "string") return [];
  return claim
    .replace(/^\[|\]$/g, "")
    .split(/[\s,]+/)
    .filter(Boolean);
}

/** The signed-in user from the JWT claims the authorizer verified, with the unit's province. */
export async function actorFromClaims(
  claims: Record<string, unknown> | undefined,
): Promise<RequestActor> {
  if (!claims) throw new UnauthorizedError("no verified identity on the request");
  const id = String(claims["cognito:username"] ?? claims.username ?? "");
  const role = groupsOf(claims["cognito:groups"]).find((g): g is Role =>
    (ROLES as readonly string[]).includes(g),
  );
  const unitId = String(claims["custom:unit"] ?? "");
  if (!id || !role || !unitId)
    throw new UnauthorizedError("the token lacks a username, a role group or a unit");
  const unit = await findUnit(unitId);
  if (!unit) throw new UnauthorizedError(`the token's unit ${unitId} is unknown`);
  return {
    id,
    role,
    unitId,
    provinceId: unit.kind === "province" ? unit.id : unit.provinceId,
    ...(typeof claims.name === "string" ? { name: claims.name } : {}),
  };
}

export function claimsOf(
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
): Record<string, unknown> | undefined {
  return event.requestContext?.authorizer?.jwt?.claims as Record<string, unknown> | undefined;
}
