/**
 * Every change of a registry entry as a pure function: it checks the state it starts from and
 * returns the next entry, the items written with it and the audit facts. The store writes them
 * in one transaction with the hash-chained event, conditioned on the version that was read.
 * Audit facts never carry personal data: member names, the host's name and a survivor's data
 * appear as field names ("name changed"), never as values.
 */
import { StateConflictError, ValidationError } from "../../kernel/errors.ts";
import type { AuditFacts } from "../../proposals/domain/lifecycle.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import type {
  Beneficiary,
  Details,
  DuplicateFlag,
  GroupFigures,
  Member,
  RegistryKind,
} from "./beneficiary.ts";
import { mergeable } from "./beneficiary.ts";
import { memberIdOf } from "./ids.ts";

export interface RegistryChange {
  next: Beneficiary;
  event: AuditFacts;
  /** Member items written with the change. */
  members?: Member[];
  /** Figures items written with the change. */
  figures?: GroupFigures[];
  /** A duplicate flag queued for the province. */
  flag?: DuplicateFlag;
  /** Duplicate flags removed (reviewed, merged). */
  unflag?: Pick<DuplicateFlag, "provinceId" | "createdAt" | "entryId">[];
}

/** Fields of the details that are personal data: their values never reach an audit event. */
const PERSONAL_DETAILS = new Set(["host", "personal"]);

function requireActive(b: Beneficiary, action: string): void {
  if (b.state !== "ACTIVE") {
    throw new StateConflictError(
      b.state === "MERGED"
        ? `entry ${b.id} was merged into ${b.mergedInto ?? "another entry"}; use that one to ${action}`
        : `entry ${b.id} is being merged; retry in a moment`,
      b.state,
    );
  }
}

function bump(b: Beneficiary, ctx: TransitionContext, patch: Partial<Beneficiary>): Beneficiary {
  return { ...b, ...patch, version: b.version + 1, updatedAt: ctx.at } as Beneficiary;
}

export interface RegistrationInit {
  id: string;
  kind: RegistryKind;
  communeId: string;
  provinceId: string;
  name: string;
  nameKey: string;
  details: Details;
  pseudonym?: string;
  duplicateOf?: string[];
  importId?: string;
  /** Made by the migration from a proposal's free text: what the commune must complete. */
  migratedFrom?: { proposalId: string; text: string; incomplete: string[] };
}

/** A new entry (version 1) and, when it was registered despite a warning, its review flag. */
export function register(init: RegistrationInit, ctx: TransitionContext): RegistryChange {
  const next = {
    id: init.id,
    kind: init.kind,
    communeId: init.communeId,
    provinceId: init.provinceId,
    name: init.name,
    nameKey: init.nameKey,
    details: init.details,
    state: "ACTIVE",
    version: 1,
    createdAt: ctx.at,
    createdBy: ctx.actor.id,
    updatedAt: ctx.at,
    ...(init.pseudonym ? { pseudonym: init.pseudonym } : {}),
    ...(init.duplicateOf && init.duplicateOf.length > 0 ? { duplicateOf: init.duplicateOf } : {}),
    ...(init.kind === "SAVINGS_GROUP" ? { memberSeq: 0 } : {}),
    ...(init.importId ? { importId: init.importId } : {}),
    ...(init.migratedFrom && init.migratedFrom.incomplete.length > 0
      ? { incomplete: init.migratedFrom.incomplete }
      : {}),
    auditSeq: 0,
    auditHash: "",
  } as Beneficiary;
  const flag: DuplicateFlag | undefined =
    init.duplicateOf && init.duplicateOf.length > 0
      ? {
          provinceId: init.provinceId,
          entryId: init.id,
          communeId: init.communeId,
          kind: init.kind,
          candidates: init.duplicateOf,
          createdAt: ctx.at,
        }
      : undefined;
  return {
    next,
    event: {
      type: init.migratedFrom
        ? "beneficiary.migrated"
        : init.importId
          ? "beneficiary.imported"
          : "beneficiary.registered",
      from: null,
      to: "ACTIVE",
      data: {
        kind: init.kind,
        name: init.name,
        ...(flag ? { duplicateOf: flag.candidates } : {}),
        ...(init.importId ? { importId: init.importId } : {}),
        ...(init.migratedFrom
          ? {
              fromProposal: init.migratedFrom.proposalId,
              freeText: init.migratedFrom.text,
              incomplete: init.migratedFrom.incomplete,
            }
          : {}),
      },
    },
    ...(flag ? { flag } : {}),
  };
}

/** Which detail fields changed; values only for fields that are not personal data. */
export function diffDetails(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { changed: string[]; values: Record<string, { from: unknown; to: unknown }> } {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const changed: string[] = [];
  const values: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of keys) {
    if (JSON.stringify(before[k]) === JSON.stringify(after[k])) continue;
    changed.push(k);
    if (!PERSONAL_DETAILS.has(k)) values[k] = { from: before[k] ?? null, to: after[k] ?? null };
  }
  return { changed, values };
}

/** An edit of the name or the details (the kind and the commune never change here). */
export function edit(
  b: Beneficiary,
  patch: { name: string; nameKey: string; details: Details },
  ctx: TransitionContext,
): RegistryChange {
  requireActive(b, "edit it");
  const diff = diffDetails(
    b.details as unknown as Record<string, unknown>,
    patch.details as unknown as Record<string, unknown>,
  );
  const renamed = patch.name !== b.name;
  const { incomplete: _i, ...rest } = b;
  // An edit sends the whole record through the registration schema: it is complete now.
  const next = bump(rest as Beneficiary, ctx, {
    name: patch.name,
    nameKey: patch.nameKey,
    details: patch.details,
  } as Partial<Beneficiary>);
  return {
    next,
    event: {
      type: "beneficiary.edited",
      from: b.state,
      to: next.state,
      data: {
        changed: [...(renamed ? ["name"] : []), ...diff.changed],
        ...(renamed && b.kind !== "SURVIVOR_CASE"
          ? { name: { from: b.name, to: patch.name } }
          : {}),
        ...(Object.keys(diff.values).length > 0 ? { values: diff.values } : {}),
      },
    },
  };
}

/** The entry moves to another commune (units merged or re-mapped); its history moves with it. */
export function move(
  b: Beneficiary,
  to: { communeId: string; provinceId: string },
  reason: string,
  ctx: TransitionContext,
): RegistryChange {
  requireActive(b, "move it");
  if (to.communeId === b.communeId) {
    throw new ValidationError(`entry ${b.id} is already in commune ${to.communeId}`, [
      { field: "toCommuneId", message: "the entry's own commune" },
    ]);
  }
  const next = bump(b, ctx, { communeId: to.communeId, provinceId: to.provinceId });
  return {
    next,
    event: {
      type: "beneficiary.moved",
      from: b.communeId,
      to: to.communeId,
      reason,
      data: { fromCommuneId: b.communeId, fromProvinceId: b.provinceId },
    },
  };
}

function requireGroup(
  b: Beneficiary,
): asserts b is Extract<Beneficiary, { kind: "SAVINGS_GROUP" }> {
  if (b.kind !== "SAVINGS_GROUP") {
    throw new ValidationError(`entry ${b.id} is not a savings group (Tổ TKVVTB)`, [
      { field: "id", message: "members and figures are kept for savings groups only" },
    ]);
  }
}

export type MemberFields = Omit<Member, "groupId" | "id" | "version" | "createdAt" | "updatedAt">;

function checkMemberDates(m: MemberFields): void {
  const errors: { field: string; message: string }[] = [];
  if (m.joinedOn && m.leftOn && m.leftOn < m.joinedOn)
    errors.push({ field: "leftOn", message: "must not be before joinedOn" });
  if (errors.length > 0) throw new ValidationError("invalid member dates", errors);
}

/** A member joins the group: the group's member number advances with the group's version. */
export function addMember(b: Beneficiary, fields: MemberFields, ctx: TransitionContext) {
  requireActive(b, "add members");
  requireGroup(b);
  checkMemberDates(fields);
  const seq = (b.memberSeq ?? 0) + 1;
  const member: Member = {
    ...fields,
    groupId: b.id,
    id: memberIdOf(seq),
    version: 1,
    createdAt: ctx.at,
    updatedAt: ctx.at,
  };
  const change: RegistryChange = {
    next: bump(b, ctx, { memberSeq: seq }),
    event: {
      type: "member.added",
      from: b.state,
      to: b.state,
      data: { memberId: member.id, ...memberFacts(member) },
    },
    members: [member],
  };
  return { change, member };
}

/**
 * Members added from a spreadsheet: one change of the group, one event listing the new ids
 * (never the names), every member item in the same transaction.
 */
export function importMembers(
  b: Beneficiary,
  rows: readonly MemberFields[],
  importId: string,
  ctx: TransitionContext,
): { change: RegistryChange; members: Member[] } {
  requireActive(b, "add members");
  requireGroup(b);
  let seq = b.memberSeq ?? 0;
  const members = rows.map((fields) => {
    checkMemberDates(fields);
    seq += 1;
    return {
      ...fields,
      groupId: b.id,
      id: memberIdOf(seq),
      version: 1,
      createdAt: ctx.at,
      updatedAt: ctx.at,
    } satisfies Member;
  });
  return {
    change: {
      next: bump(b, ctx, { memberSeq: seq }),
      event: {
        type: "members.imported",
        from: b.state,
        to: b.state,
        data: { importId, memberIds: members.map((m) => m.id) },
      },
      members,
    },
    members,
  };
}

/** What the audit trail may say about a member: everything but the name. */
function memberFacts(m: MemberFields) {
  return {
    gender: m.gender,
    ...(m.birthYear !== undefined ? { birthYear: m.birthYear } : {}),
    ...(m.ethnicity ? { ethnicity: m.ethnicity } : {}),
    ...(m.joinedOn ? { joinedOn: m.joinedOn } : {}),
    ...(m.leftOn ? { leftOn: m.leftOn } : {}),
    introductions: m.introductions.length,
    supports: m.supports.length,
  };
}

const sameEntry = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Entries of `before` that `after` no longer has (removed or changed): corrections. */
function removedFrom<T>(before: readonly T[], after: readonly T[]): T[] {
  const left = [...after];
  const removed: T[] = [];
  for (const x of before) {
    const i = left.findIndex((y) => sameEntry(x, y));
    if (i >= 0) left.splice(i, 1);
    else removed.push(x);
  }
  return removed;
}

function addedTo<T>(before: readonly T[], after: readonly T[]): T[] {
  return removedFrom(after, before);
}

/**
 * A member's record changes. Adding an introduction or a support is an ordinary edit; taking
 * one back or changing one already recorded is a correction and needs a reason, and the event
 * says what was taken back (DreamSave's lesson: corrections are explicit and visible).
 */
export function editMember(
  b: Beneficiary,
  before: Member,
  fields: MemberFields,
  reason: string | undefined,
  ctx: TransitionContext,
) {
  requireActive(b, "edit members");
  requireGroup(b);
  checkMemberDates(fields);
  const removed = {
    introductions: removedFrom(before.introductions, fields.introductions),
    supports: removedFrom(before.supports, fields.supports),
  };
  const added = {
    introductions: addedTo(before.introductions, fields.introductions),
    supports: addedTo(before.supports, fields.supports),
  };
  const isCorrection = removed.introductions.length > 0 || removed.supports.length > 0;
  if (isCorrection && !reason) {
    throw new ValidationError(
      "taking back or changing a recorded introduction or support is a correction: give a reason",
      [{ field: "correctionReason", message: "required for a correction" }],
    );
  }
  const changed = (["name", "birthYear", "gender", "ethnicity", "joinedOn", "leftOn"] as const)
    .filter((k) => !sameEntry(before[k], fields[k]))
    .map(String);
  const member: Member = { ...before, ...fields, version: before.version + 1, updatedAt: ctx.at };
  const values = Object.fromEntries(
    changed
      .filter((k) => k !== "name")
      .map((k) => [
        k,
        {
          from: before[k as keyof MemberFields] ?? null,
          to: fields[k as keyof MemberFields] ?? null,
        },
      ]),
  );
  const change: RegistryChange = {
    next: bump(b, ctx, {}),
    event: {
      type: isCorrection || reason ? "member.corrected" : "member.edited",
      from: b.state,
      to: b.state,
      ...(reason ? { reason } : {}),
      data: {
        memberId: before.id,
        changed,
        ...(Object.keys(values).length > 0 ? { values } : {}),
        ...(added.introductions.length > 0 ? { introductionsAdded: added.introductions } : {}),
        ...(added.supports.length > 0 ? { supportsAdded: added.supports } : {}),
        ...(removed.introductions.length > 0
          ? { introductionsRemoved: removed.introductions }
          : {}),
        ...(removed.supports.length > 0 ? { supportsRemoved: removed.supports } : {}),
      },
    },
    members: [member],
  };
  return { change, member };
}

export type FiguresInput = Pick<
  GroupFigures,
  "period" | "savingsBalance" | "loansOutstanding" | "membersAttending"
>;

const figureValues = (f: FiguresInput) => ({
  savingsBalance: f.savingsBalance,
  loansOutstanding: f.loansOutstanding,
  ...(f.membersAttending !== undefined ? { membersAttending: f.membersAttending } : {}),
});

/**
 * The figures of a meeting or a month. Recording a period twice is refused; changing recorded
 * figures is a correction with a reason, counted on the figures and kept in the audit trail with
 * the values before and after.
 */
export function recordFigures(
  b: Beneficiary,
  existing: GroupFigures | undefined,
  input: FiguresInput,
  correction: { reason: string } | undefined,
  ctx: TransitionContext,
) {
  requireActive(b, "record figures");
  requireGroup(b);
  if (existing && !correction) {
    throw new StateConflictError(
      `figures of ${input.period} were recorded at ${existing.recordedAt} by ${existing.recordedBy}; send a correction with a reason to change them`,
      "RECORDED",
    );
  }
  if (!existing && correction) {
    throw new StateConflictError(
      `no figures of ${input.period} are recorded yet: record them without a correction`,
      "NOT_RECORDED",
    );
  }
  const figures: GroupFigures = existing
    ? {
        ...existing,
        ...figureValues(input),
        ...(input.membersAttending === undefined ? { membersAttending: undefined } : {}),
        corrections: existing.corrections + 1,
        lastCorrection: { at: ctx.at, by: ctx.actor.id, reason: correction?.reason ?? "" },
      }
    : {
        groupId: b.id,
        period: input.period,
        ...figureValues(input),
        recordedAt: ctx.at,
        recordedBy: ctx.actor.id,
        corrections: 0,
      };
  const change: RegistryChange = {
    next: bump(b, ctx, {}),
    event: existing
      ? {
          type: "figures.corrected",
          from: b.state,
          to: b.state,
          reason: correction?.reason ?? "",
          data: {
            period: input.period,
            before: figureValues(existing),
            after: figureValues(input),
          },
        }
      : {
          type: "figures.recorded",
          from: b.state,
          to: b.state,
          data: { period: input.period, ...figureValues(input) },
        },
    figures: [figures],
  };
  return { change, figures };
}

/** The province reviewed a flagged entry and found it is not a duplicate. */
export function dismissDuplicate(
  b: Beneficiary,
  flag: DuplicateFlag,
  reason: string,
  ctx: TransitionContext,
): RegistryChange {
  requireActive(b, "review it");
  return {
    next: bump(b, ctx, {}),
    event: {
      type: "beneficiary.duplicate_dismissed",
      from: b.state,
      to: b.state,
      reason,
      data: { candidates: flag.candidates },
    },
    unflag: [flag],
  };
}

/** Step 1 of a merge: the removed entry is locked (no new proposal may reference it). */
export function lockForMerge(
  removed: Beneficiary,
  kept: Beneficiary,
  ctx: TransitionContext,
): RegistryChange {
  if (removed.id === kept.id) {
    throw new ValidationError("an entry cannot be merged into itself", [
      { field: "mergeId", message: "the same entry as keepId" },
    ]);
  }
  requireActive(removed, "merge it");
  requireActive(kept, "merge into it");
  if (!mergeable(removed.kind, kept.kind)) {
    throw new ValidationError(`a ${removed.kind} cannot be merged into a ${kept.kind}`, [
      { field: "mergeId", message: "entries of different kinds" },
    ]);
  }
  if (removed.provinceId !== kept.provinceId) {
    throw new ValidationError("entries of different provinces cannot be merged", [
      { field: "mergeId", message: "another province" },
    ]);
  }
  return {
    next: bump(removed, ctx, { state: "MERGING", mergedInto: kept.id }),
    event: {
      type: "beneficiary.merge_started",
      from: "ACTIVE",
      to: "MERGING",
      data: { into: kept.id },
    },
  };
}

/** A merge that could not complete gives the lock back. */
export function unlockMerge(
  removed: Beneficiary,
  reason: string,
  ctx: TransitionContext,
): RegistryChange {
  if (removed.state !== "MERGING") {
    throw new StateConflictError(`entry ${removed.id} is not being merged`, removed.state);
  }
  const { mergedInto: _m, ...rest } = removed;
  return {
    next: bump(rest as Beneficiary, ctx, { state: "ACTIVE" }),
    event: { type: "beneficiary.merge_abandoned", from: "MERGING", to: "ACTIVE", reason },
  };
}

export interface MergeSummary {
  proposals: string[];
  usage: { usageKey: string; reserved: number }[];
  members: number;
  figures: number;
}

/**
 * Step 2 of a merge, in one transaction with the proposals and the cap usage it moves: the
 * removed entry points at the kept one; the kept one lists it and still has members and figures
 * to copy (step 3) when the removed one had any.
 */
export function completeMerge(
  removed: Beneficiary,
  kept: Beneficiary,
  summary: MergeSummary,
  reason: string,
  ctx: TransitionContext,
): { removed: RegistryChange; kept: RegistryChange } {
  if (removed.state !== "MERGING" || removed.mergedInto !== kept.id) {
    throw new StateConflictError(
      `entry ${removed.id} is not being merged into ${kept.id}`,
      removed.state,
    );
  }
  requireActive(kept, "merge into it");
  const facts = {
    proposals: summary.proposals,
    usage: summary.usage,
    members: summary.members,
    figures: summary.figures,
  };
  const pending = summary.members > 0 || summary.figures > 0;
  return {
    removed: {
      next: bump(removed, ctx, { state: "MERGED" }),
      event: {
        type: "beneficiary.merged_into",
        from: "MERGING",
        to: "MERGED",
        reason,
        data: { into: kept.id, ...facts },
      },
    },
    kept: {
      next: bump(kept, ctx, {
        mergedFrom: [...(kept.mergedFrom ?? []), removed.id],
        ...(pending ? { pendingMerge: { from: removed.id, members: 0, figures: 0 } } : {}),
      } as Partial<Beneficiary>),
      event: {
        type: "beneficiary.merged_from",
        from: kept.state,
        to: kept.state,
        reason,
        data: { from: removed.id, ...facts },
      },
    },
  };
}
