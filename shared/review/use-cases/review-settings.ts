import { authorize, type ScopedActor } from "../../access/policy.ts";
import type { AuditLog } from "../../audit/ports.ts";
import { ConflictError } from "../../kernel/errors.ts";
import { WriteConditionsFailed } from "../../kernel/pending-write.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import { auditStreams } from "../../tables/audit-table.ts";
import {
  changeSettings,
  type ReviewSettings,
  type ReviewSettingsInput,
} from "../domain/settings.ts";
import type { ReviewSettingsStore } from "../ports.ts";

export type { ReviewSettings, ReviewSettingsInput };

export interface SettingsPorts {
  settings: ReviewSettingsStore;
  audit: AuditLog;
}

/** The review timetable in force, for an admin (`settings.manage`). */
export async function reviewSettingsFor(
  ports: { settings: Pick<ReviewSettingsStore, "current"> },
  actor: ScopedActor,
): Promise<ReviewSettings> {
  authorize(actor, "settings.manage");
  return ports.settings.current();
}

/**
 * Admin: changes some of the settings; the others keep their current values.
 * 1. authorize `settings.manage`; 2. read the settings in force and apply the change (checked
 *    as a whole: the reminder comes before the due date);
 * 3. one transaction: the settings (conditioned on those read) and the audit event on the
 *    stream SETTINGS#review. A concurrent change is a 409: reload and retry.
 */
export async function updateReviewSettings(
  ports: SettingsPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  input: ReviewSettingsInput,
): Promise<ReviewSettings> {
  authorize(actor, "settings.manage");
  const current = await ports.settings.current();
  const { next, event } = changeSettings(current, input, actor.id, tx.at);
  try {
    await ports.audit.append(auditStreams.reviewSettings(), event, tx, {}, [
      ports.settings.stageSave(current, next),
    ]);
  } catch (err) {
    if (err instanceof WriteConditionsFailed)
      throw new ConflictError("the review settings changed meanwhile; reload and retry");
    throw err;
  }
  return next;
}
