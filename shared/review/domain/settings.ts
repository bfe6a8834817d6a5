import { ValidationError } from "../../kernel/errors.ts";
import type { AuditFacts } from "../../proposals/domain/lifecycle.ts";
import type { ReminderPolicy } from "./reminders.ts";

/**
 * The review timetable as data: the SLA, when to remind and escalate, how long email links
 * live. An admin edits it through the API; without a stored value the environment's defaults
 * apply (REVIEW_SLA_HOURS, LINK_EXPIRY_DAYS).
 */
export interface ReviewSettings extends ReminderPolicy {
  reviewSlaHours: number;
  linkExpiryDays: number;
  updatedAt?: string;
  updatedBy?: string;
}

export const TIMETABLE_FIELDS = [
  "reviewSlaHours",
  "remindBeforeHours",
  "escalateProvinceAfterHours",
  "linkExpiryDays",
] as const;
type TimetableField = (typeof TIMETABLE_FIELDS)[number];

export type ReviewSettingsInput = Partial<Pick<ReviewSettings, TimetableField>>;

/** The settings in force: each stored value over its default. */
export function withDefaults(
  stored: Partial<ReviewSettings>,
  defaults: ReviewSettings,
): ReviewSettings {
  return {
    reviewSlaHours: stored.reviewSlaHours ?? defaults.reviewSlaHours,
    remindBeforeHours: stored.remindBeforeHours ?? defaults.remindBeforeHours,
    escalateProvinceAfterHours:
      stored.escalateProvinceAfterHours ?? defaults.escalateProvinceAfterHours,
    linkExpiryDays: stored.linkExpiryDays ?? defaults.linkExpiryDays,
    ...(stored.updatedAt ? { updatedAt: stored.updatedAt } : {}),
    ...(stored.updatedBy ? { updatedBy: stored.updatedBy } : {}),
  };
}

/**
 * An admin's change: the given fields over the current ones, checked as a whole, with the
 * facts of its audit event (what changed, from what to what).
 */
export function changeSettings(
  current: ReviewSettings,
  input: ReviewSettingsInput,
  by: string,
  at: string,
): { next: ReviewSettings; event: AuditFacts } {
  const given = Object.fromEntries(
    Object.entries(input).filter(([k, v]) => v !== undefined && isField(k)),
  ) as ReviewSettingsInput;
  const next: ReviewSettings = { ...current, ...given, updatedAt: at, updatedBy: by };
  if (next.remindBeforeHours >= next.reviewSlaHours) {
    throw new ValidationError("the reminder must come before the due date", [
      { field: "remindBeforeHours", message: "must be less than reviewSlaHours" },
    ]);
  }
  const changed = TIMETABLE_FIELDS.filter((f) => next[f] !== current[f]);
  return {
    next,
    event: {
      type: "settings.review_changed",
      from: current.updatedAt ?? null,
      to: at,
      data: {
        changed: Object.fromEntries(changed.map((f) => [f, { from: current[f], to: next[f] }])),
        timetable: Object.fromEntries(TIMETABLE_FIELDS.map((f) => [f, next[f]])),
      },
    },
  };
}

const isField = (k: string): k is TimetableField =>
  (TIMETABLE_FIELDS as readonly string[]).includes(k);
