import { GetCommand, PutCommand } from "../../aws/dynamo/commands.ts";
import { doc } from "../../aws/dynamo.ts";
import { pendingWrite, type TxItem } from "../../aws/transact.ts";
import { config } from "../../config.ts";
import { DATA_TTL_ATTRIBUTE, dataKeys, withoutKeys } from "../../tables/data-table.ts";
import type { EmailLink } from "../domain/links.ts";
import type { LinkStore } from "../ports.ts";

/** Expired links stay readable for a while ("this link expired"), then DynamoDB TTL removes them. */
const KEEP_AFTER_EXPIRY_S = 30 * 86_400;

/**
 * Transaction element: marks the link used, failing if it was used already, has expired or
 * is gone. It joins the decision's transaction, so a link decides at most once.
 */
export function consumeLinkItem(link: EmailLink, at: string): TxItem {
  return {
    Update: {
      TableName: config.tableName,
      Key: dataKeys.link(link.hash),
      UpdateExpression: "SET usedAt = :at",
      ConditionExpression:
        "attribute_exists(pk) AND attribute_not_exists(usedAt) AND expiresAt > :at",
      ExpressionAttributeValues: { ":at": at },
    },
  };
}

/** Email links in the DataTable under the hash of their id (the id itself is never stored). */
export const dynamoLinkStore: LinkStore = {
  async put(link) {
    await doc.send(
      new PutCommand({
        TableName: config.tableName,
        Item: {
          ...dataKeys.link(link.hash),
          ...link,
          [DATA_TTL_ATTRIBUTE]: Math.floor(Date.parse(link.expiresAt) / 1000) + KEEP_AFTER_EXPIRY_S,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  },
  async find(hash) {
    const res = await doc.send(
      new GetCommand({
        TableName: config.tableName,
        Key: dataKeys.link(hash),
        ConsistentRead: true,
      }),
    );
    return res.Item ? withoutKeys<EmailLink>(res.Item) : undefined;
  },
  stageConsume: (link, at) => pendingWrite(consumeLinkItem(link, at)),
};
