import { GetCommand, PutCommand, QueryCommand } from "../../aws/dynamo/commands.ts";
import { doc } from "../../aws/dynamo.ts";
import { pendingWrite } from "../../aws/transact.ts";
import { config } from "../../config.ts";
import { randomUUID } from "../../kernel/node-crypto.ts";
import {
  DATA_TTL_ATTRIBUTE,
  dataKeys,
  dataPartitions,
  SORT_PREFIX,
} from "../../tables/data-table.ts";
import type { Attachment, PendingUpload } from "../domain/attachment.ts";
import type { AttachmentStore } from "../ports.ts";

const strip = <T>(item: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, [DATA_TTL_ATTRIBUTE]: _ttl, ...rest } = item;
  return rest as T;
};

/** Attachments (sk `A#<id>`) and pending uploads (sk `AU#<id>`, TTL) in the proposal's partition. */
export const dynamoAttachmentStore: AttachmentStore = {
  newId: () => randomUUID(),
  async putPending(upload: PendingUpload, expiresAt: string) {
    await doc.send(
      new PutCommand({
        TableName: config.tableName,
        Item: {
          ...dataKeys.pendingUpload(upload.proposalId, upload.id),
          ...upload,
          [DATA_TTL_ATTRIBUTE]: Math.floor(Date.parse(expiresAt) / 1000),
        },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  },
  async findPending(proposalId, attachmentId) {
    const res = await doc.send(
      new GetCommand({
        TableName: config.tableName,
        Key: dataKeys.pendingUpload(proposalId, attachmentId),
        ConsistentRead: true,
      }),
    );
    return res.Item ? strip<PendingUpload>(res.Item) : undefined;
  },
  stage: (a: Attachment) =>
    pendingWrite({
      Put: {
        TableName: config.tableName,
        Item: { ...dataKeys.attachment(a.proposalId, a.id), ...a },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    }),
  async find(proposalId, attachmentId) {
    const res = await doc.send(
      new GetCommand({
        TableName: config.tableName,
        Key: dataKeys.attachment(proposalId, attachmentId),
        ConsistentRead: true,
      }),
    );
    return res.Item ? strip<Attachment>(res.Item) : undefined;
  },
  async list(proposalId) {
    const out: Attachment[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await doc.send(
        new QueryCommand({
          TableName: config.tableName,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :a)",
          ExpressionAttributeValues: {
            ":pk": dataPartitions.proposal(proposalId),
            ":a": SORT_PREFIX.attachment,
          },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of res.Items ?? []) out.push(strip<Attachment>(item));
      start = res.LastEvaluatedKey;
    } while (start);
    return out.sort((a, b) => a.uploadedAt.localeCompare(b.uploadedAt) || a.id.localeCompare(b.id));
  },
};
