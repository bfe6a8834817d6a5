import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { authorize, type ScopedActor } from "../../access/policy.ts";
import { doc } from "../../aws/dynamo.ts";
import { config } from "../../config.ts";
import { ValidationError } from "../../kernel/errors.ts";
import type { ReminderPolicy } from "../domain/reminders.ts";

/**
 * The review timetable as data: the SLA, when to remind and escalate, how long email links
 * live. An admin edits it through the API (item `CONFIG#review` / `CONFIG` in DataTable);
 * without the item the environment's defaults apply (REVIEW_SLA_HOURS, LINK_EXPIRY_DAYS).
 */
export interface ReviewSettings extends ReminderPolicy {
  reviewSlaHours: number;
  linkExpiryDays: number;
  updatedAt?: string;
  updatedBy?: string;
}

const KEY = { pk: "CONFIG#review", sk: "CONFIG" };

export function defaultReviewSettings(): ReviewSettings {
  return {
    reviewSlaHours: config.reviewSlaHours,
    remindBeforeHours: 24,
    escalateProvinceAfterHours: 48,
    linkExpiryDays: Number(process.env.LINK_EXPIRY_DAYS ?? 7),
  };
}

/** The settings in force (always a fresh read: a change applies to the next task and sweep). */
export async function reviewSettings(): Promise<ReviewSettings> {
  const res = await doc.send(
    new GetCommand({ TableName: config.tableName, Key: KEY, ConsistentRead: true }),
  );
  const stored = (res.Item ?? {}) as Partial<ReviewSettings>;
  const d = defaultReviewSettings();
  return {
    reviewSlaHours: stored.reviewSlaHours ?? d.reviewSlaHours,
    remindBeforeHours: stored.remindBeforeHours ?? d.remindBeforeHours,
    escalateProvinceAfterHours: stored.escalateProvinceAfterHours ?? d.escalateProvinceAfterHours,
    linkExpiryDays: stored.linkExpiryDays ?? d.linkExpiryDays,
    ...(stored.updatedAt ? { updatedAt: stored.updatedAt } : {}),
    ...(stored.updatedBy ? { updatedBy: stored.updatedBy } : {}),
  };
}

export type ReviewSettingsInput = Partial<
  Pick<
    ReviewSettings,
    "reviewSlaHours" | "remindBeforeHours" | "escalateProvinceAfterHours" | "linkExpiryDays"
  >
>;

/** Admin: changes some of the settings; the others keep their current values. */
export async function updateReviewSettings(
  actor: ScopedActor,
  input: ReviewSettingsInput,
  at: string,
): Promise<ReviewSettings> {
  authorize(actor, "settings.manage");
  const current = await reviewSettings();
  const next: ReviewSettings = { ...current, ...input, updatedAt: at, updatedBy: actor.id };
  if (next.remindBeforeHours >= next.reviewSlaHours) {
    throw new ValidationError("the reminder must come before the due date", [
      { field: "remindBeforeHours", message: "must be less than reviewSlaHours" },
    ]);
  }
  await doc.send(new PutCommand({ TableName: config.tableName, Item: { ...KEY, ...next } }));
  return next;
}

/** The review timetable in force, for an admin (`settings.manage`). */
export async function reviewSettingsFor(actor: ScopedActor): Promise<ReviewSettings> {
  authorize(actor, "settings.manage");
  return reviewSettings();
}
