import * as z from "zod/mini";
import "../../shared/validation/z.ts";
import { dynamoChainHeads } from "../../shared/audit/adapters/dynamo-chain-heads.ts";
import { kmsDigestSigner } from "../../shared/audit/adapters/kms-digest-signer.ts";
import { s3DigestStore } from "../../shared/audit/adapters/s3-digest-store.ts";
import { publishDigest } from "../../shared/audit/use-cases/publish-digest.ts";
import { config, requireEnvironment } from "../../shared/config.ts";
import { environmentOf } from "../../shared/contract/environment.ts";
import { SCHEDULED_FUNCTIONS } from "../../shared/contract/functions.ts";
import { taskHandler } from "../../shared/http/workflow-handler.ts";

requireEnvironment(environmentOf(SCHEDULED_FUNCTIONS.auditDigest.grants));

/** Hourly: the signed digest of the audit streams that changed (shared/audit/use-cases/publish-digest.ts). */
export const { handler, lambdaHandler } = taskHandler(
  "PublishAuditDigest",
  z.unknown(),
  (_event, at) =>
    publishDigest(
      {
        heads: dynamoChainHeads,
        signer: kmsDigestSigner(config.auditSigningKeyId),
        store: s3DigestStore(() => config.auditDigestBucket),
      },
      at,
    ),
);
