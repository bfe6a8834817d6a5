import { DeleteCommand, GetCommand, PutCommand } from "../../aws/dynamo/commands.ts";
import { doc } from "../../aws/dynamo.ts";
import { config } from "../../config.ts";
import { DATA_TTL_ATTRIBUTE, dataKeys } from "../../tables/data-table.ts";
import type { NoticeLog } from "../ports.ts";

/** Markers live longer than any look-back window, then expire (DynamoDB TTL). */
const MARKER_DAYS = 30;

const isConditionFailure = (err: unknown) =>
  (err as { name?: string }).name === "ConditionalCheckFailedException";

/** The commune notices' log in the DataTable: one conditional Put per event told. */
export const dynamoNoticeLog: NoticeLog = {
  async claim(eventKey, at) {
    try {
      await doc.send(
        new PutCommand({
          TableName: config.tableName,
          Item: {
            ...dataKeys.communeNotice(eventKey),
            at,
            [DATA_TTL_ATTRIBUTE]: Math.floor(Date.parse(at) / 1000) + MARKER_DAYS * 86_400,
          },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  },
  async release(eventKey) {
    await doc.send(
      new DeleteCommand({ TableName: config.tableName, Key: dataKeys.communeNotice(eventKey) }),
    );
  },
  async lastRun() {
    const res = await doc.send(
      new GetCommand({
        TableName: config.tableName,
        Key: dataKeys.communeNoticeRun(),
        ConsistentRead: true,
      }),
    );
    const at = res.Item?.at;
    return typeof at === "string" ? at : undefined;
  },
  async setLastRun(at) {
    await doc.send(
      new PutCommand({ TableName: config.tableName, Item: { ...dataKeys.communeNoticeRun(), at } }),
    );
  },
};
