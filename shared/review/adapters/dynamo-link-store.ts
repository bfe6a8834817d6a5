import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { doc, keys, withoutKeys } from "../../aws/dynamo.ts";
import type { TxItem } from "../../aws/transact.ts";
import { config } from "../../config.ts";
import type { EmailLink } from "../domain/links.ts";

/** Expired links stay readable for a while ("this link expired"), then DynamoDB TTL removes them. */
const KEEP_AFTER_EXPIRY_S = 30 * 86_400;

/** Stores a link under the hash of its id (pk `L#<sha256>`, sk `L`); the id itself is never stored. */
export async function putLink(link: EmailLink): Promise<void> {
  await doc.send(
    new PutCommand({
      TableName: config.tableName,
      Item: {
        ...keys.link(link.hash),
        ...link,
        ttl: Math.floor(Date.parse(link.expiresAt) / 1000) + KEEP_AFTER_EXPIRY_S,
      },
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
}

export async function findLink(hash: string): Promise<EmailLink | undefined> {
  const res = await doc.send(
    new GetCommand({ TableName: config.tableName, Key: keys.link(hash), ConsistentRead: true }),
  );
  return res.Item ? withoutKeys<EmailLink>(res.Item) : undefined;
}

/**
 * Transaction element: marks the link used, failing if it was used already, has expired or was
 * made for another assignment. It joins the decision's transaction, so a link decides at most once.
 */
export function consumeLinkItem(link: EmailLink, at: string): TxItem {
  return {
    Update: {
      TableName: config.tableName,
      Key: keys.link(link.hash),
      UpdateExpression: "SET usedAt = :at",
      ConditionExpression:
        "attribute_exists(pk) AND attribute_not_exists(usedAt) AND expiresAt > :at",
      ExpressionAttributeValues: { ":at": at },
    },
  };
}
