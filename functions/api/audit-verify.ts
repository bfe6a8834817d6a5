import { kmsPublicKey } from "../../shared/audit/adapters/kms-digest-signer.ts";
import { s3DigestStore } from "../../shared/audit/adapters/s3-digest-store.ts";
import type { PublicKeySource } from "../../shared/audit/ports.ts";
import { VerifyAuditChains } from "../../shared/audit/routes.ts";
import { verifyAllFor, verifyProposalFor } from "../../shared/audit/use-cases/audit-verify.ts";
import { anchorReader } from "../../shared/audit/use-cases/digest-anchors.ts";
import { config } from "../../shared/config.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";

const store = s3DigestStore(() => config.auditDigestBucket);
// Fetched once per container: the public key never changes for a key id.
let publicKey: PublicKeySource | undefined;

/**
 * GET /v1/audit/verify?proposalId=…: verifies the hash chains of one proposal; without
 * proposalId, a page of the proposals in the auditor's scope (limit 1-100, cursor). Each stream
 * is also checked against the latest signed digest that recorded it. Reports the first broken
 * link. 200 either way: a broken chain is a finding, not a request error.
 */
export const { handler, lambdaHandler } = apiHandler(VerifyAuditChains, async (ctx, { query }) => {
  publicKey ??= kmsPublicKey(config.auditSigningKeyId);
  const anchors = anchorReader({ store, publicKey });
  if (query.proposalId) {
    return json(200, await verifyProposalFor(ctx.actor, query.proposalId, anchors));
  }
  return json(200, await verifyAllFor(ctx.actor, query.cursor, query.limit, anchors));
});
