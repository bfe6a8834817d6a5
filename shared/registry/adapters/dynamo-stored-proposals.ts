import { ScanCommand } from "../../aws/dynamo/commands.ts";
import { doc } from "../../aws/dynamo.ts";
import { config } from "../../config.ts";
import type { Proposal } from "../../proposals/domain/proposal.ts";
import { withoutKeys } from "../../tables/data-table.ts";
import type { StoredProposals } from "../ports.ts";

/**
 * Every proposal item of the DataTable, by a paginated Scan: for the registry migration, which
 * runs as a script (scripts/migrate-registry.ts), never on a request path.
 */
export const dynamoStoredProposals: StoredProposals = {
  async *all() {
    let start: Record<string, unknown> | undefined;
    do {
      const res = await doc.send(
        new ScanCommand({
          TableName: config.tableName,
          FilterExpression: "sk = :p AND begins_with(pk, :prefix)",
          ExpressionAttributeValues: { ":p": "P", ":prefix": "P#" },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of res.Items ?? []) yield withoutKeys<Proposal>(item);
      start = res.LastEvaluatedKey;
    } while (start);
  },
};
