/**
 * Trainings, conferences and communication events (tập huấn, hội nghị/hội thảo, truyền thông):
 * every level trains the level below, holds conferences and communicates results; the handbook
 * counts them and their participants by gender and ethnicity. Entered, not derived: an event is
 * recorded by the unit that held it, corrected with a reason, and each change is audited.
 */
import { ValidationError } from "../../kernel/errors.ts";
import type { Activity } from "../../kernel/types.ts";
import type { AuditFacts } from "../../proposals/domain/lifecycle.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import {
  type EventFacts,
  type EventKind,
  type Participants,
  type Place,
  participantsTotal,
} from "./deltas.ts";
import { isDate } from "./periods.ts";

export interface ProgrammeEvent {
  id: string;
  /** The organising unit: a commune, a province or the nation. */
  unitId: string;
  level: Place["level"];
  provinceId: string;
  reviewUnitId?: string;
  kind: EventKind;
  activity?: Activity;
  title: string;
  heldOn: string;
  participants: Participants;
  version: number;
  recordedBy: string;
  recordedAt: string;
  updatedAt: string;
  /** The reason of the last correction. */
  correction?: { at: string; by: string; reason: string };
  auditSeq: number;
  auditHash: string;
}

export interface EventInput {
  unitId: string;
  kind: EventKind;
  activity?: Activity;
  title: string;
  heldOn: string;
  participants: Participants;
}

export const eventPlace = (e: Pick<ProgrammeEvent, "level" | "unitId" | "provinceId">): Place =>
  e.level === "commune"
    ? { level: "commune", communeId: e.unitId, provinceId: e.provinceId }
    : e.level === "province"
      ? { level: "province", provinceId: e.provinceId }
      : { level: "nation" };

export const eventFacts = (e: ProgrammeEvent): EventFacts => ({
  place: eventPlace(e),
  kind: e.kind,
  ...(e.activity ? { activity: e.activity } : {}),
  heldOn: e.heldOn,
  participants: e.participants,
});

function check(input: EventInput, today: string): void {
  if (!isDate(input.heldOn) || input.heldOn > today) {
    throw new ValidationError("heldOn must be a date, today or earlier", [
      { field: "heldOn", message: "a past date YYYY-MM-DD" },
    ]);
  }
  if (participantsTotal(input.participants) === 0) {
    throw new ValidationError("an event needs its participants", [
      { field: "participants", message: "at least one participant" },
    ]);
  }
}

export function recordEvent(
  init: { id: string; level: Place["level"]; provinceId: string; reviewUnitId?: string },
  input: EventInput,
  today: string,
  ctx: TransitionContext,
): { next: ProgrammeEvent; event: AuditFacts } {
  check(input, today);
  const next: ProgrammeEvent = {
    id: init.id,
    unitId: input.unitId,
    level: init.level,
    provinceId: init.provinceId,
    ...(init.reviewUnitId ? { reviewUnitId: init.reviewUnitId } : {}),
    kind: input.kind,
    ...(input.activity ? { activity: input.activity } : {}),
    title: input.title,
    heldOn: input.heldOn,
    participants: input.participants,
    version: 1,
    recordedBy: ctx.actor.id,
    recordedAt: ctx.at,
    updatedAt: ctx.at,
    auditSeq: 0,
    auditHash: "",
  };
  return {
    next,
    event: {
      type: "event.recorded",
      from: null,
      to: "RECORDED",
      data: {
        kind: input.kind,
        heldOn: input.heldOn,
        participants: participantsTotal(input.participants),
      },
    },
  };
}

/** A correction: the same unit, new facts, a reason; the counters move by the difference. */
export function correctEvent(
  before: ProgrammeEvent,
  input: Omit<EventInput, "unitId">,
  reason: string,
  today: string,
  ctx: TransitionContext,
): { next: ProgrammeEvent; event: AuditFacts } {
  check({ ...input, unitId: before.unitId }, today);
  if (!reason.trim()) {
    throw new ValidationError("a correction needs a reason", [
      { field: "reason", message: "required" },
    ]);
  }
  const { activity: _a, ...rest } = before;
  const next: ProgrammeEvent = {
    ...rest,
    kind: input.kind,
    ...(input.activity ? { activity: input.activity } : {}),
    title: input.title,
    heldOn: input.heldOn,
    participants: input.participants,
    version: before.version + 1,
    updatedAt: ctx.at,
    correction: { at: ctx.at, by: ctx.actor.id, reason },
  };
  return {
    next,
    event: {
      type: "event.corrected",
      from: "RECORDED",
      to: "RECORDED",
      reason,
      data: {
        before: {
          kind: before.kind,
          heldOn: before.heldOn,
          participants: participantsTotal(before.participants),
        },
        after: {
          kind: input.kind,
          heldOn: input.heldOn,
          participants: participantsTotal(input.participants),
        },
      },
    },
  };
}
