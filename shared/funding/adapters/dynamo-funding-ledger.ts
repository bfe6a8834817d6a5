import { pendingWrite } from "../../aws/transact.ts";
import { config } from "../../config.ts";
import { randomUUID } from "../../kernel/node-crypto.ts";
import { dataKeys } from "../../tables/data-table.ts";
import type { FundingLedger } from "../ports.ts";
import { fundingRecords } from "./dynamo-funding-reader.ts";

/** The payment ledger (sk D#<seq>) and monitoring reports (sk R#<at>#<id>) in the proposal's partition. */
export const dynamoFundingLedger: FundingLedger = {
  records: fundingRecords,
  newReportId: () => randomUUID(),
  stageEntry: (proposalId, entry) =>
    pendingWrite({
      Put: {
        TableName: config.tableName,
        Item: { ...dataKeys.disbursement(proposalId, entry.seq), ...entry },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    }),
  stageReport: (proposalId, at, report) =>
    pendingWrite({
      Put: {
        TableName: config.tableName,
        Item: { ...dataKeys.report(proposalId, at, report.reportId), ...report },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    }),
};
