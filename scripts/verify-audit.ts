/**
 * Verifies the audit hash chains, straight from DynamoDB (no API, no token), and checks them
 * against the signed digests in the digest bucket: one proposal, or every proposal and every
 * norm set, or (--digests) the whole chain of digests and every stream they ever recorded.
 * Prints the first broken link; exit code 0 when everything is intact, 1 when something is
 * broken, 2 on bad usage.
 *
 *   npm run audit:verify -- [--proposal <id>] [--digests] [--no-digests] [--json]
 *       [--endpoint http://127.0.0.1:<dynamodb port>] [--table DataTable] [--audit-table AuditTable]
 *       [--bucket <digest bucket>] [--s3-endpoint <url>] [--kms-endpoint <url>]
 *       [--signing-key alias/project8/audit-digest-signing] [--public-key <file.pem|file.der>]
 *
 * On AWS: credentials from the usual chain, table names from --table/--audit-table or
 * TABLE_NAME/AUDIT_TABLE_NAME, the bucket from --bucket or AUDIT_DIGEST_BUCKET (the stack's
 * output). The digests' signatures are checked with the public key alone: from --public-key
 * (what `aws kms get-public-key` returns, DER or PEM), or fetched once with kms:GetPublicKey.
 * Locally: --endpoint, --s3-endpoint and --kms-endpoint (the stack prints them), and --bucket
 * (the auditdigestbucket… name on the stack's S3 line); the tables default to the local names.
 */
import { createPublicKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    proposal: { type: "string" },
    digests: { type: "boolean", default: false },
    "no-digests": { type: "boolean", default: false },
    endpoint: { type: "string" },
    table: { type: "string" },
    "audit-table": { type: "string" },
    bucket: { type: "string" },
    "s3-endpoint": { type: "string" },
    "kms-endpoint": { type: "string" },
    "signing-key": { type: "string" },
    "public-key": { type: "string" },
    json: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

const USAGE =
  "usage: npm run audit:verify -- [--proposal <id>] [--digests] [--no-digests] [--endpoint <url>] [--table <name>] [--audit-table <name>] [--bucket <name>] [--s3-endpoint <url>] [--kms-endpoint <url>] [--signing-key <key>] [--public-key <file>] [--json]";
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const env = process.env;
if (values.endpoint) {
  env.AWS_ENDPOINT_URL_DYNAMODB = values.endpoint;
  env.AWS_REGION ??= "ap-southeast-1";
  env.AWS_ACCESS_KEY_ID ??= "local";
  env.AWS_SECRET_ACCESS_KEY ??= "local";
  env.TABLE_NAME ??= "DataTable";
  env.AUDIT_TABLE_NAME ??= "AuditTable";
}
if (values["s3-endpoint"]) env.AWS_ENDPOINT_URL_S3 = values["s3-endpoint"];
if (values["kms-endpoint"]) env.AWS_ENDPOINT_URL_KMS = values["kms-endpoint"];
if (values.table) env.TABLE_NAME = values.table;
if (values["audit-table"]) env.AUDIT_TABLE_NAME = values["audit-table"];
if (values.bucket) env.AUDIT_DIGEST_BUCKET = values.bucket;
env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
if (!env.TABLE_NAME || !env.AUDIT_TABLE_NAME) {
  console.error(
    "set --endpoint (local), or --table and --audit-table (or TABLE_NAME and AUDIT_TABLE_NAME)",
  );
  process.exit(2);
}
const useDigests = !values["no-digests"];
if (useDigests && !env.AUDIT_DIGEST_BUCKET) {
  console.error(
    "set --bucket (or AUDIT_DIGEST_BUCKET; locally the auditdigestbucket… name `npm start` prints on its S3 line), or --no-digests to check the chains alone",
  );
  process.exit(2);
}

// Imported after the environment is set: the SDK clients read it when they are created.
const verify = await import("../shared/audit/use-cases/audit-verify.ts");
const { anchorReader } = await import("../shared/audit/use-cases/digest-anchors.ts");
const { s3DigestStore } = await import("../shared/audit/adapters/s3-digest-store.ts");
const { kmsPublicKey } = await import("../shared/audit/adapters/kms-digest-signer.ts");
const { streamEvents } = await import("../shared/audit/adapters/dynamo-audit-store.ts");
const digest = await import("../shared/audit/domain/digest.ts");
const { verifyChain } = await import("../shared/audit/domain/chain.ts");
type Report = Awaited<ReturnType<typeof verify.verifyProposalChains>>;
type Verdict = Report["results"][number];

const store = s3DigestStore(() => env.AUDIT_DIGEST_BUCKET ?? "");
const keyFile = values["public-key"];
/** The public key: from a file (verifiable without any AWS access), or fetched once from KMS. */
const publicKey = keyFile
  ? {
      keyId: keyFile,
      publicKey: async () => {
        const bytes = readFileSync(keyFile);
        const pem = bytes.toString("utf8");
        return pem.includes("BEGIN PUBLIC KEY")
          ? new Uint8Array(createPublicKey(pem).export({ type: "spki", format: "der" }))
          : new Uint8Array(bytes);
      },
    }
  : kmsPublicKey(values["signing-key"] ?? "alias/project8/audit-digest-signing");

/** The whole chain of digests, newest first, and the latest head each stream got in them. */
async function digestChain(): Promise<{
  verdict: ReturnType<typeof digest.verifyDigestChain>;
  heads: Map<string, { seq: number; hash: string; digest: number; to: string }>;
}> {
  const latest = await store.latest();
  const files: { key: string; raw: string }[] = [];
  let key = latest?.key;
  while (key) {
    const raw = await store.read(key);
    if (raw === undefined) break;
    files.push({ key, raw });
    const parsed = digest.parseDigest(raw);
    key = parsed.ok ? parsed.file.previous?.key : undefined;
  }
  const verdict = digest.verifyDigestChain(files, await publicKey.publicKey());
  const heads = new Map<string, { seq: number; hash: string; digest: number; to: string }>();
  for (const f of files) {
    const parsed = digest.parseDigest(f.raw);
    if (!parsed.ok) continue;
    for (const h of parsed.file.heads) {
      if (!heads.has(h.stream)) {
        heads.set(h.stream, {
          seq: h.seq,
          hash: h.hash,
          digest: parsed.file.seq,
          to: parsed.file.to,
        });
      }
    }
  }
  return { verdict, heads };
}

const results: Verdict[] = [];
let chainProblem: string | undefined;
let digestsChecked = 0;
if (values.digests) {
  // Every stream any digest recorded, against the newest head recorded for it.
  const { verdict, heads } = await digestChain();
  digestsChecked = verdict.checked;
  if (!verdict.ok) {
    chainProblem = `digest ${verdict.brokenAt?.digest}: ${verdict.brokenAt?.reason}`;
  }
  for (const [stream, h] of heads) {
    const events = await streamEvents(stream);
    const chain = verifyChain(events);
    const against = digest.checkAgainstAnchor(events, h, { seq: h.digest, to: h.to });
    const anchor = { digest: h.digest, until: h.to, seq: h.seq };
    const broken = !chain.ok ? chain.brokenAt : against.brokenAt;
    results.push({
      stream,
      ok: chain.ok && against.ok,
      events: events.length,
      anchor,
      ...(broken ? { brokenAt: broken } : {}),
    });
  }
} else {
  const anchors = useDigests ? anchorReader({ store, publicKey }) : undefined;
  if (values.proposal) {
    results.push(...(await verify.verifyProposalChains(values.proposal, anchors)).results);
  } else {
    let cursor: string | undefined;
    do {
      const page = await verify.verifyAllPage({
        limit: 100,
        ...(cursor ? { cursor } : {}),
        ...(anchors ? { anchors } : {}),
      });
      results.push(...page.results);
      cursor = page.nextCursor;
    } while (cursor);
    results.push(...(await verify.verifyNormSets(anchors)).results);
  }
}

const firstBroken = results.find((r) => !r.ok);
const summary = {
  ok: !firstBroken && !chainProblem,
  streams: results.length,
  events: results.reduce((n, r) => n + r.events, 0),
  anchored: results.filter((r) => r.anchor).length,
  ...(values.digests ? { digests: digestsChecked } : {}),
  ...(chainProblem ? { digestChain: chainProblem } : {}),
  ...(firstBroken ? { firstBroken } : {}),
};
if (values.json) {
  console.log(JSON.stringify(summary));
} else if (chainProblem) {
  console.log(`BROKEN digest chain at ${chainProblem}`);
} else if (firstBroken) {
  const against = firstBroken.anchor
    ? ` (checked against signed digest ${firstBroken.anchor.digest})`
    : "";
  console.log(
    `BROKEN ${firstBroken.stream} at event ${firstBroken.brokenAt?.seq}: ${firstBroken.brokenAt?.reason}${against} (${summary.streams} streams, ${summary.events} events checked)`,
  );
} else {
  console.log(
    `OK ${summary.streams} streams, ${summary.events} events, ${summary.anchored} anchored in signed digests: every chain is intact`,
  );
}
process.exit(summary.ok ? 0 : 1);
