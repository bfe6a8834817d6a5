import { GetCommand } from "../../aws/dynamo/commands.ts";
import { doc } from "../../aws/dynamo.ts";
import { pendingWrite } from "../../aws/transact.ts";
import { config } from "../../config.ts";
import { dataKeys, withoutKeys } from "../../tables/data-table.ts";
import { type ReviewSettings, withDefaults } from "../domain/settings.ts";
import type { ReviewSettingsStore } from "../ports.ts";

/** The environment's timetable, used for every value an admin has not set. */
export function defaultReviewSettings(): ReviewSettings {
  return {
    reviewSlaHours: config.reviewSlaHours,
    remindBeforeHours: 24,
    escalateProvinceAfterHours: 48,
    linkExpiryDays: Number(process.env.LINK_EXPIRY_DAYS ?? 7),
  };
}

/** The review timetable, one item in the DataTable (absent until an admin first changes it). */
export const dynamoReviewSettings: ReviewSettingsStore = {
  async current() {
    const res = await doc.send(
      new GetCommand({
        TableName: config.tableName,
        Key: dataKeys.reviewSettings(),
        ConsistentRead: true,
      }),
    );
    const stored = res.Item ? withoutKeys<Partial<ReviewSettings>>(res.Item) : {};
    return withDefaults(stored, defaultReviewSettings());
  },
  stageSave(before, next) {
    return pendingWrite({
      Put: {
        TableName: config.tableName,
        Item: { ...dataKeys.reviewSettings(), ...next },
        // The settings read must still be the stored ones: never stored, or stored at that time.
        ...(before.updatedAt
          ? {
              ConditionExpression: "updatedAt = :u",
              ExpressionAttributeValues: { ":u": before.updatedAt },
            }
          : { ConditionExpression: "attribute_not_exists(pk)" }),
      },
    });
  },
};
