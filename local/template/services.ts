import type { KmsKeyDeclaration } from "../aws/kms/keys.ts";
import type { BucketDeclaration, CorsRule } from "../aws/s3/gateway.ts";
import type { SesDeclarations } from "../aws/ses/send-email.ts";
import { type Found, type LocalApp, prop, resourcesOfType } from "./accessors.ts";
import { LOCAL_ACCOUNT, LOCAL_REGION } from "./types.ts";

/**
 * What the local KMS, SES and S3 read from the template: keys with their specs and aliases,
 * verified identities and configuration sets, buckets with their encryption and CORS rules.
 * Names and ARNs come from the template resolver, so they are the ones the IAM policies name.
 * A template without any of them (no bucket yet, no signing key yet) gives an empty list.
 */

const refOf = (app: LocalApp, f: Found) =>
  app.resolver.resolve(f.stack, f.id, "Ref", { Ref: f.id });
const attOf = (app: LocalApp, f: Found, attribute: string) =>
  app.resolver.resolve(f.stack, f.id, attribute, { "Fn::GetAtt": [f.id, attribute] });

const text = (value: unknown, fallback = ""): string =>
  typeof value === "string" ? value : fallback;
const list = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

export function kmsKeysOf(app: LocalApp): KmsKeyDeclaration[] {
  const aliases = resourcesOfType(app, "AWS::KMS::Alias").map((f) => ({
    name: text(prop(app, f, "AliasName")),
    target: text(prop(app, f, "TargetKeyId")),
  }));
  return resourcesOfType(app, "AWS::KMS::Key").map((f) => {
    const arn = text(attOf(app, f, "Arn"));
    const keyId = text(attOf(app, f, "KeyId"), f.id);
    return {
      keyId,
      arn,
      keySpec: text(prop(app, f, "KeySpec"), "SYMMETRIC_DEFAULT"),
      keyUsage: text(prop(app, f, "KeyUsage"), "ENCRYPT_DECRYPT"),
      description: text(prop(app, f, "Description")),
      enabled: prop(app, f, "Enabled") !== false,
      aliases: aliases
        .filter((a) => a.target === arn || a.target === keyId)
        .map((a) => a.name)
        .filter((name) => name.startsWith("alias/")),
    };
  });
}

export function sesOf(app: LocalApp): SesDeclarations {
  return {
    identities: resourcesOfType(app, "AWS::SES::EmailIdentity").map((f) =>
      text(prop(app, f, "EmailIdentity")),
    ),
    configurationSets: resourcesOfType(app, "AWS::SES::ConfigurationSet").map((f) =>
      text(refOf(app, f)),
    ),
    region: LOCAL_REGION,
    account: LOCAL_ACCOUNT,
  };
}

/** A KMSMasterKeyID (key ARN, key id, alias name or alias ARN) as the key's ARN. */
function keyArnOf(id: string, keys: readonly KmsKeyDeclaration[]): string {
  const alias = id.replace(/^arn:aws:kms:[^:]*:[^:]*:(?=alias\/)/, "");
  const key = keys.find((k) => k.arn === id || k.keyId === id || k.aliases.includes(alias));
  if (key) return key.arn;
  return id.startsWith("arn:") ? id : `arn:aws:kms:${LOCAL_REGION}:${LOCAL_ACCOUNT}:key/${id}`;
}

export function bucketsOf(app: LocalApp): BucketDeclaration[] {
  const keys = kmsKeysOf(app);
  return resourcesOfType(app, "AWS::S3::Bucket").map((f) => {
    const encryption = prop(app, f, "BucketEncryption") as
      | {
          ServerSideEncryptionConfiguration?: {
            ServerSideEncryptionByDefault?: { SSEAlgorithm?: string; KMSMasterKeyID?: string };
          }[];
        }
      | undefined;
    const byDefault =
      encryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault;
    const kmsKey =
      byDefault?.SSEAlgorithm?.startsWith("aws:kms") && byDefault.KMSMasterKeyID
        ? keyArnOf(byDefault.KMSMasterKeyID, keys)
        : undefined;
    const cors = prop(app, f, "CorsConfiguration") as { CorsRules?: unknown[] } | undefined;
    const rules: CorsRule[] = (cors?.CorsRules ?? []).map((raw) => {
      const r = (raw ?? {}) as Record<string, unknown>;
      return {
        allowedOrigins: list(r.AllowedOrigins),
        allowedMethods: list(r.AllowedMethods),
        allowedHeaders: list(r.AllowedHeaders),
        exposedHeaders: list(r.ExposedHeaders),
        ...(typeof r.MaxAge === "number" ? { maxAgeSeconds: r.MaxAge } : {}),
      };
    });
    return {
      name: text(refOf(app, f)),
      ...(kmsKey ? { kmsKeyArn: kmsKey } : {}),
      cors: rules,
    };
  });
}

/** The user pools (their ids, as functions' USER_POOL_ID resolves them): the local Cognito's. */
export function userPoolsOf(app: LocalApp): string[] {
  return resourcesOfType(app, "AWS::Cognito::UserPool").map((f) => text(refOf(app, f), f.id));
}
