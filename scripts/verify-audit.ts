/**
 * Verifies the audit hash chains, straight from DynamoDB (no API, no token): one proposal, or
 * every proposal and every norm set. Prints the first broken link; exit code 0 when every
 * chain is intact, 1 when one is broken, 2 on bad usage.
 *
 *   npm run audit:verify -- [--proposal <id>] [--endpoint http://127.0.0.1:<dynamodb port>]
 *                           [--table DataTable] [--audit-table AuditTable] [--json]
 *
 * On AWS: credentials from the usual chain, table names from --table/--audit-table or
 * TABLE_NAME/AUDIT_TABLE_NAME. Locally: --endpoint (the stack prints its DynamoDB endpoint)
 * and the tables default to their logical ids.
 */
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    proposal: { type: "string" },
    endpoint: { type: "string" },
    table: { type: "string" },
    "audit-table": { type: "string" },
    json: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (values.help) {
  console.log(
    "usage: npm run audit:verify -- [--proposal <id>] [--endpoint <url>] [--table <name>] [--audit-table <name>] [--json]",
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
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
if (!process.env.TABLE_NAME || !process.env.AUDIT_TABLE_NAME) {
  console.error(
    "set --endpoint (local), or --table and --audit-table (or TABLE_NAME and AUDIT_TABLE_NAME)",
  );
  process.exit(2);
}

// Imported after the environment is set: the DynamoDB client reads it when it is created.
const { verifyAllPage, verifyNormSets, verifyProposalChains } = await import(
  "../shared/audit/use-cases/audit-verify.ts"
);
type Report = Awaited<ReturnType<typeof verifyProposalChains>>;

const reports: Report[] = [];
if (values.proposal) {
  reports.push(await verifyProposalChains(values.proposal));
} else {
  let cursor: string | undefined;
  do {
    const page = await verifyAllPage({ limit: 100, ...(cursor ? { cursor } : {}) });
    reports.push(page);
    cursor = page.nextCursor;
  } while (cursor);
  reports.push(await verifyNormSets());
}
const results = reports.flatMap((r) => r.results);
const firstBroken = results.find((r) => !r.ok);
const summary = {
  ok: !firstBroken,
  streams: results.length,
  events: results.reduce((n, r) => n + r.events, 0),
  ...(firstBroken ? { firstBroken } : {}),
};
if (values.json) {
  console.log(JSON.stringify(summary));
} else if (firstBroken) {
  console.log(
    `BROKEN ${firstBroken.stream} at event ${firstBroken.brokenAt?.seq}: ${firstBroken.brokenAt?.reason} (${summary.streams} streams, ${summary.events} events checked)`,
  );
} else {
  console.log(`OK ${summary.streams} streams, ${summary.events} events: every chain is intact`);
}
process.exit(firstBroken ? 1 : 0);
