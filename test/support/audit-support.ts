/**
 * Helpers of the audit, access-matrix and privacy tests: direct DynamoDB Local access (to
 * tamper, to bulk-load, to seed a second province) and tokens for users that are not demo
 * users, signed with the local issuer's key exactly as the stack signs its own.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { importJWK, type JWK, SignJWT } from "jose";
import { MFA_CLAIM, mfaRequiredForGroups } from "../../shared/access/domain/mfa.ts";
import { dataIndexKeys, dataKeys } from "../../shared/tables/data-table.ts";
import type { StackHandle } from "./local-stack.ts";

export function dynamoOf(stack: StackHandle): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    endpoint: stack.urls.dynamodb,
    region: "ap-southeast-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** Table names are the template's logical ids. */
export const DATA_TABLE = "DataTable";
export const AUDIT_TABLE = "AuditTable";

export interface ExtraUser {
  username: string;
  role: string;
  unitId: string;
  provinceId: string;
}

/** A second province (Hà Giang, demo) with one reviewing unit and one commune, and its users. */
export const OTHER = { province: "P-HG", unit: "RU-DV", commune: "C-LUNGCU" } as const;

export const OTHER_USERS: ExtraUser[] = [
  {
    username: "commune.lungcu",
    role: "commune_officer",
    unitId: OTHER.commune,
    provinceId: OTHER.province,
  },
  {
    username: "approver.dongvan",
    role: "approver",
    unitId: OTHER.unit,
    provinceId: OTHER.province,
  },
  {
    username: "auditor.hagiang",
    role: "auditor",
    unitId: OTHER.province,
    provinceId: OTHER.province,
  },
  {
    username: "finance.hagiang",
    role: "finance_officer",
    unitId: OTHER.province,
    provinceId: OTHER.province,
  },
  // A commune officer of Tả Van (Lào Cai, reviewed by RU-SP), to have proposals outside RU-BX.
  { username: "commune.tavan", role: "commune_officer", unitId: "C-TAVAN", provinceId: "P-LC" },
];

/** Writes the second province's units and the extra users into the data table. */
export async function seedOtherProvince(stack: StackHandle): Promise<void> {
  const ddb = dynamoOf(stack);
  const units = [
    {
      id: OTHER.province,
      kind: "province",
      nameVi: "Tỉnh Hà Giang (demo)",
      nameEn: "Ha Giang (demo)",
      provinceId: OTHER.province,
    },
    {
      id: OTHER.unit,
      kind: "review_unit",
      nameVi: "Cụm Đồng Văn",
      nameEn: "Dong Van cluster",
      provinceId: OTHER.province,
      parentId: OTHER.province,
    },
    {
      id: OTHER.commune,
      kind: "commune",
      nameVi: "Xã Lũng Cú",
      nameEn: "Lung Cu",
      provinceId: OTHER.province,
      parentId: OTHER.unit,
      reviewUnitId: OTHER.unit,
    },
  ];
  await Promise.all([
    ...units.map((u) =>
      ddb.send(
        new PutCommand({
          TableName: DATA_TABLE,
          Item: { ...dataKeys.unit(u.id), ...dataIndexKeys.unit(u), ...u },
        }),
      ),
    ),
    ...OTHER_USERS.map((u) =>
      ddb.send(
        new PutCommand({
          TableName: DATA_TABLE,
          Item: {
            pk: `USER#${u.username}`,
            sk: "USER",
            gsi1pk: `UU#${u.unitId}`,
            gsi1sk: `${u.role}#${u.username}`,
            ...u,
            name: u.username,
            email: `${u.username}@demo.local`,
          },
        }),
      ),
    ),
  ]);
  ddb.destroy();
}

/**
 * A token for any user, signed with the stack's local issuer key; like the local issuer's, a
 * privileged user's carries the MFA claim "totp" unless `mfa: false` (a sign-in without TOTP).
 */
export async function signToken(
  stack: StackHandle,
  u: ExtraUser,
  opts: { mfa?: boolean } = {},
): Promise<string> {
  const dir = path.join(stack.dataDir, "keys");
  const jwk = JSON.parse(await readFile(path.join(dir, "jwt-private.jwk.json"), "utf8")) as JWK;
  const cfg = JSON.parse(await readFile(path.join(dir, "identity.json"), "utf8")) as {
    issuer: string;
    audience: string;
  };
  const key = await importJWK(jwk, "RS256");
  return new SignJWT({
    "cognito:username": u.username,
    "cognito:groups": [u.role],
    "custom:unit": u.unitId,
    token_use: "id",
    ...(mfaRequiredForGroups([u.role]) && opts.mfa !== false ? { [MFA_CLAIM]: "totp" } : {}),
  })
    .setProtectedHeader({ alg: "RS256", kid: jwk.kid ?? "project8-local-1", typ: "JWT" })
    .setSubject(`local-${u.username}`)
    .setIssuer(cfg.issuer)
    .setAudience(cfg.audience)
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(key);
}

/** Calls the API with an explicit bearer token. */
export async function callAs(
  stack: StackHandle,
  token: string,
  method: string,
  p: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; json: unknown }> {
  const res = await fetch(`${stack.urls.api}${p}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

export async function dynamoCounts(
  stack: StackHandle,
  reset = false,
): Promise<Record<string, number>> {
  const res = await fetch(`${stack.urls.api}/_local/metrics`, { method: reset ? "DELETE" : "GET" });
  return ((await res.json()) as { dynamodb: Record<string, number> }).dynamodb;
}
