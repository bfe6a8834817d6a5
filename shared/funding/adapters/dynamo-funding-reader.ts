import { QueryCommand } from "../../aws/dynamo/commands.ts";
import { doc } from "../../aws/dynamo.ts";
import { config } from "../../config.ts";
import { dataPartitions, SORT_PREFIX } from "../../tables/data-table.ts";
import { unpackJson } from "../../tables/packed.ts";
import type { FundingReader, FundingRecords } from "../ports.ts";

/**
 * Payments, monitoring reports and the latest full norm-check result of a proposal, in one
 * Query (their sort keys D#, NC#, R# lie in one range of the proposal's partition).
 */
export async function fundingRecords(id: string): Promise<FundingRecords> {
  const res = await doc.send(
    new QueryCommand({
      TableName: config.tableName,
      KeyConditionExpression: "pk = :pk AND sk BETWEEN :a AND :b",
      ExpressionAttributeValues: {
        ":pk": dataPartitions.proposal(id),
        ":a": SORT_PREFIX.disbursement,
        ":b": `${SORT_PREFIX.report}~`,
      },
    }),
  );
  const strip = ({ pk: _p, sk: _s, ...rest }: Record<string, unknown>) => rest;
  const items = res.Items ?? [];
  const of = (prefix: string) => items.filter((i) => String(i.sk).startsWith(prefix));
  const latest = of(SORT_PREFIX.normCheck).at(-1);
  // Packed since the result went binary (shared/tables/packed.ts); earlier items carry a map.
  const result =
    latest?.resultBr instanceof Uint8Array ? unpackJson(latest.resultBr) : latest?.result;
  return {
    disbursements: of(SORT_PREFIX.disbursement).map(strip),
    reports: of(SORT_PREFIX.report).map(strip),
    ...(latest ? { normCheck: result } : {}),
  };
}

export const dynamoFundingReader: FundingReader = { records: fundingRecords };
