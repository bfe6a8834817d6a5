/**
 * The parts of a merge that are decisions: which of the removed group's members are people the
 * kept group already has, how their records combine, which figures the kept group lacks, and
 * how the cap usage of both entries adds up (so that a merge can never open room under a cap).
 */
import type { AuditFacts } from "../../proposals/domain/lifecycle.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import type { Beneficiary, GroupFigures, Member } from "./beneficiary.ts";
import type { RegistryChange } from "./changes.ts";
import { memberIdOf } from "./ids.ts";
import { nameKeyOf } from "./names.ts";

/** One usage row of a beneficiary: the sum reserved against a cap and each proposal's hold. */
export interface UsageRow {
  usageKey: string;
  reserved: number;
  holds: Readonly<Record<string, number>>;
  cap?: number;
  measure?: string;
}

/**
 * The kept entry's rows after the merge: every key's reserved amounts and holds added up. The
 * sum may exceed the cap (both approvals were lawful under separate ids): the row then leaves no
 * room, because a reservation needs `reserved <= cap - amount`.
 */
export function combinedUsage(kept: readonly UsageRow[], removed: readonly UsageRow[]): UsageRow[] {
  const byKey = new Map(kept.map((r) => [r.usageKey, { ...r, holds: { ...r.holds } }]));
  for (const r of removed) {
    const into = byKey.get(r.usageKey) ?? { usageKey: r.usageKey, reserved: 0, holds: {} };
    into.reserved += r.reserved;
    into.holds = { ...into.holds, ...r.holds };
    if (into.cap === undefined && r.cap !== undefined) into.cap = r.cap;
    if (into.measure === undefined && r.measure !== undefined) into.measure = r.measure;
    byKey.set(r.usageKey, into);
  }
  return [...byKey.values()].sort((a, b) => a.usageKey.localeCompare(b.usageKey));
}

/** The same person in both registrations: same folded name, gender and birth year (if both). */
export function samePerson(a: Member, b: Member): boolean {
  return (
    nameKeyOf(a.name) === nameKeyOf(b.name) &&
    a.gender === b.gender &&
    (a.birthYear === undefined || b.birthYear === undefined || a.birthYear === b.birthYear)
  );
}

function union<T>(a: readonly T[], b: readonly T[]): T[] {
  const seen = new Set(a.map((x) => JSON.stringify(x)));
  return [...a, ...b.filter((x) => !seen.has(JSON.stringify(x)))];
}

/** Members per chunk of step 3: each chunk is one transaction with the kept entry's event. */
export const MERGE_CHUNK = 40;

/**
 * Step 3, one chunk: copies the next removed members (and then figures) into the kept group. A
 * member the kept group already has gets the removed record's introductions and supports added
 * to hers; any other becomes a new member of the kept group. Figures of periods the kept group
 * has already are left as the kept group recorded them (listed in the event).
 */
export function copyMergedRecords(
  kept: Beneficiary,
  keptMembers: readonly Member[],
  keptFigures: readonly GroupFigures[],
  removedMembers: readonly Member[],
  removedFigures: readonly GroupFigures[],
  ctx: TransitionContext,
): RegistryChange | undefined {
  const pending = kept.pendingMerge;
  if (!pending) return undefined;
  const members = [...removedMembers].sort((a, b) => a.id.localeCompare(b.id));
  const figures = [...removedFigures].sort((a, b) => a.period.localeCompare(b.period));
  const memberChunk = members.slice(pending.members, pending.members + MERGE_CHUNK);
  const room = MERGE_CHUNK - memberChunk.length;
  const figureChunk =
    pending.members + memberChunk.length >= members.length
      ? figures.slice(pending.figures, pending.figures + room)
      : [];
  let seq = kept.memberSeq ?? 0;
  const written: Member[] = [];
  const joined: string[] = [];
  const combined: string[] = [];
  const current = keptMembers.map((m) => ({ ...m }));
  for (const m of memberChunk) {
    const same = current.find((k) => samePerson(k, m));
    if (same) {
      same.introductions = union(same.introductions, m.introductions);
      same.supports = union(same.supports, m.supports);
      same.version += 1;
      same.updatedAt = ctx.at;
      const i = written.findIndex((w) => w.id === same.id);
      if (i >= 0) written[i] = same;
      else written.push(same);
      combined.push(`${m.id}→${same.id}`);
    } else {
      seq += 1;
      const copy: Member = {
        ...m,
        groupId: kept.id,
        id: memberIdOf(seq),
        version: 1,
        createdAt: ctx.at,
        updatedAt: ctx.at,
      };
      current.push(copy);
      written.push(copy);
      joined.push(`${m.id}→${copy.id}`);
    }
  }
  const have = new Set(keptFigures.map((f) => f.period));
  const copiedFigures = figureChunk
    .filter((f) => !have.has(f.period))
    .map((f) => ({ ...f, groupId: kept.id }));
  const keptAsIs = figureChunk.filter((f) => have.has(f.period)).map((f) => f.period);
  const progress = {
    from: pending.from,
    members: pending.members + memberChunk.length,
    figures: pending.figures + figureChunk.length,
  };
  const done = progress.members >= members.length && progress.figures >= figures.length;
  const { pendingMerge: _p, ...rest } = kept;
  const next = {
    ...(done ? rest : { ...kept, pendingMerge: progress }),
    memberSeq: seq,
    version: kept.version + 1,
    updatedAt: ctx.at,
  } as Beneficiary;
  const event: AuditFacts = {
    type: "beneficiary.merge_records_copied",
    from: kept.state,
    to: kept.state,
    data: {
      from: pending.from,
      membersAdded: joined,
      membersCombined: combined,
      figuresCopied: copiedFigures.map((f) => f.period),
      ...(keptAsIs.length > 0 ? { figuresKept: keptAsIs } : {}),
      done,
    },
  };
  return { next, event, members: written, figures: copiedFigures };
}
