/**
 * Migrates proposals written before the registry (docs/registry.md, "Migration"): every
 * proposal whose beneficiary is free text gets a registry entry (one per commune, kind and
 * normalized text), references it in an audited change, and its cap holds move onto the entry.
 * Re-runnable: migrated proposals are skipped, entries are found again by their derived ids.
 * The last line of stdout is one JSON object with the counts.
 *
 *   npm run registry:migrate -- [--endpoint http://127.0.0.1:<dynamodb port>]
 *                               [--table DataTable] [--audit-table AuditTable]
 *                               [--kms-endpoint <url>] [--pseudonym-key <key arn>]
 *
 * On AWS: credentials from the usual chain, table names from --table/--audit-table or
 * TABLE_NAME/AUDIT_TABLE_NAME, survivor cases' pseudonyms with the KMS HMAC key
 * --pseudonym-key or PSEUDONYM_KEY_ID (without one, a migrated case shows "Hồ sơ <id>").
 * Locally: --endpoint (the stack prints its DynamoDB endpoint), tables default to their logical
 * ids, --kms-endpoint is the stack's KMS.
 */
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    endpoint: { type: "string" },
    table: { type: "string" },
    "audit-table": { type: "string" },
    "kms-endpoint": { type: "string" },
    "pseudonym-key": { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (values.help) {
  console.log(
    "usage: npm run registry:migrate -- [--endpoint <url>] [--table <name>] [--audit-table <name>] [--kms-endpoint <url>] [--pseudonym-key <arn>]",
  );
  process.exit(0);
}
if (values.endpoint) {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = values.endpoint;
  process.env.AWS_REGION ??= "ap-southeast-1";
  process.env.AWS_ACCESS_KEY_ID ??= "local";
  process.env.AWS_SECRET_ACCESS_KEY ??= "local";
  process.env.TABLE_NAME ??= "DataTable";
  process.env.AUDIT_TABLE_NAME ??= "AuditTable";
}
if (values.table) process.env.TABLE_NAME = values.table;
if (values["audit-table"]) process.env.AUDIT_TABLE_NAME = values["audit-table"];
if (values["kms-endpoint"]) process.env.AWS_ENDPOINT_URL_KMS = values["kms-endpoint"];
if (values["pseudonym-key"]) process.env.PSEUDONYM_KEY_ID = values["pseudonym-key"];
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
if (!process.env.TABLE_NAME || !process.env.AUDIT_TABLE_NAME) {
  console.error(
    "set --endpoint (local), or --table and --audit-table (or TABLE_NAME and AUDIT_TABLE_NAME)",
  );
  process.exit(2);
}

// Imported after the environment is set: the DynamoDB client reads it when it is created.
const [
  { dynamoProposalStore },
  { dynamoRegistryStore },
  { dynamoUsageLedger },
  { dynamoStoredProposals },
  { pseudonymKey },
  { migrateProposals },
  { SYSTEM_ACTOR },
] = await Promise.all([
  import("../shared/proposals/adapters/dynamo-proposal-store.ts"),
  import("../shared/registry/adapters/dynamo-registry-store.ts"),
  import("../shared/registry/adapters/dynamo-usage-ledger.ts"),
  import("../shared/registry/adapters/dynamo-stored-proposals.ts"),
  import("../shared/privacy/adapters/pseudonym-key.ts"),
  import("../shared/registry/use-cases/migrate.ts"),
  import("../shared/proposals/domain/proposal.ts"),
]);

const report = await migrateProposals(
  {
    registry: dynamoRegistryStore,
    proposals: dynamoProposalStore,
    usage: dynamoUsageLedger,
    source: dynamoStoredProposals,
    pseudonyms: pseudonymKey(),
  },
  { actor: SYSTEM_ACTOR, channel: "system", at: new Date().toISOString() },
);
for (const f of report.failed) console.error(`failed ${f.proposalId}: ${f.reason}`);
console.log(JSON.stringify(report));
process.exit(report.failed.length > 0 ? 1 : 0);
