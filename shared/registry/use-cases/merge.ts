import { authorize, type ScopedActor } from "../../access/policy.ts";
import { ConflictError, NotFoundError, StaleVersionError } from "../../kernel/errors.ts";
import type { PendingWrite } from "../../kernel/pending-write.ts";
import { WriteConditionsFailed } from "../../kernel/pending-write.ts";
import * as lifecycle from "../../proposals/domain/lifecycle.ts";
import type { Proposal, TransitionContext } from "../../proposals/domain/proposal.ts";
import type { ProposalStore } from "../../proposals/ports.ts";
import { type Beneficiary, proposalBeneficiaryOf, proposalKindOf } from "../domain/beneficiary.ts";
import * as changes from "../domain/changes.ts";
import { copyMergedRecords } from "../domain/merge.ts";
import type { UsageLedger } from "../ports.ts";
import { entryView } from "../views.ts";
import { loadEntry, type RegistryPorts, scopeOfEntry } from "./common.ts";

export interface MergePorts extends RegistryPorts {
  proposals: Pick<ProposalStore, "find" | "stage">;
  usage: UsageLedger;
}

/**
 * The largest merge that fits one DynamoDB transaction (100 items): 2 entries and their events,
 * up to 4 flags, 4 items per proposal (proposal, event, reference moved) and 2 per usage row.
 */
export const MAX_MERGE_PROPOSALS = 15;
export const MAX_MERGE_USAGE_ROWS = 12;
const ATTEMPTS = 5;

async function authorizeBoth(
  ports: RegistryPorts,
  actor: ScopedActor,
  a: Beneficiary,
  b: Beneficiary,
) {
  authorize(actor, "registry.merge", await scopeOfEntry(ports.directory, a));
  authorize(actor, "registry.merge", await scopeOfEntry(ports.directory, b));
}

/**
 * Step 3: the removed group's members and figures are copied into the kept one, a chunk per
 * transaction, each with the kept entry's event (resumable: progress is on the kept entry).
 */
async function copyRecords(
  ports: MergePorts,
  tx: TransitionContext,
  keptId: string,
): Promise<Beneficiary> {
  for (let round = 0; round < 1000; round++) {
    const kept = await ports.registry.find(keptId);
    if (!kept) throw new NotFoundError(`registry entry ${keptId} does not exist`);
    const from = kept.pendingMerge?.from;
    if (!from) return kept;
    const [keptMembers, keptFigures, removedMembers, removedFigures] = await Promise.all([
      ports.registry.members(kept.id),
      ports.registry.figures(kept.id),
      ports.registry.members(from),
      ports.registry.figures(from),
    ]);
    const change = copyMergedRecords(
      kept,
      keptMembers,
      keptFigures,
      removedMembers,
      removedFigures,
      tx,
    );
    if (!change) return kept;
    try {
      await ports.registry.save(kept, change, tx);
    } catch (err) {
      if (!(err instanceof StaleVersionError)) throw err;
    }
  }
  throw new ConflictError(`copying the merged records into ${keptId} did not settle`);
}

/**
 * A province officer merges a duplicate (`mergeId`) into the entry kept (`keepId`).
 * 1. authorize `registry.merge` on both; same province; kinds that share a cap;
 * 2. lock the duplicate (MERGING): from then on no proposal can start referencing it;
 * 3. one transaction: the proposals that referenced it now reference the kept entry (each with
 *    its audit event), their references move, its cap usage is added to the kept entry's (the
 *    sums may exceed a cap: then no room is left, never more), it becomes MERGED, both entries
 *    record the merge in their chains, its review flags are cleared; on a race, re-read and retry;
 * 4. its members and figures are copied into the kept group (chunks).
 * A retry after a crash resumes where it stopped. Too large for one transaction: 409, unlocked.
 */
export async function mergeBeneficiaries(
  ports: MergePorts,
  actor: ScopedActor,
  tx: TransitionContext,
  input: { keepId: string; mergeId: string; reason: string },
) {
  let kept = await loadEntry(ports, actor, input.keepId, "registry.merge");
  let removed = await loadEntry(ports, actor, input.mergeId, "registry.merge");
  await authorizeBoth(ports, actor, kept, removed);
  if (removed.state === "MERGED" && removed.mergedInto === kept.id) {
    kept = await copyRecords(ports, tx, kept.id);
    return { kept: entryView(kept), removed: entryView(removed), resumed: true };
  }
  if (removed.state === "ACTIVE") {
    removed = (await ports.registry.save(removed, changes.lockForMerge(removed, kept, tx), tx))
      .entry;
  } else if (removed.state !== "MERGING" || removed.mergedInto !== kept.id) {
    throw new ConflictError(
      `entry ${removed.id} is ${removed.state === "MERGED" ? `merged into ${removed.mergedInto}` : `being merged into ${removed.mergedInto}`}`,
    );
  }
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const [k, r] = await Promise.all([
      ports.registry.find(kept.id),
      ports.registry.find(removed.id),
    ]);
    if (!k || !r) throw new NotFoundError("an entry of the merge disappeared");
    kept = k;
    removed = r;
    const refs = await ports.registry.references(removed.id);
    const fromRef = { kind: proposalKindOf(removed.kind), id: removed.id };
    const toRef = { kind: proposalKindOf(kept.kind), id: kept.id };
    const rows = await ports.usage.rows(fromRef);
    if (refs.length > MAX_MERGE_PROPOSALS || rows.length > MAX_MERGE_USAGE_ROWS) {
      await ports.registry.save(
        removed,
        changes.unlockMerge(removed, "too large for one transaction", tx),
        tx,
      );
      throw new ConflictError(
        `entry ${removed.id} has ${refs.length} proposals and ${rows.length} usage rows: a merge moves at most ${MAX_MERGE_PROPOSALS} proposals and ${MAX_MERGE_USAGE_ROWS} usage rows in one transaction`,
      );
    }
    const proposals = (await Promise.all(refs.map((id) => ports.proposals.find(id)))).filter(
      (p): p is Proposal => p !== undefined,
    );
    const [members, figures, flags] = await Promise.all([
      ports.registry.members(removed.id),
      ports.registry.figures(removed.id),
      ports.registry.flags(removed.provinceId),
    ]);
    const summary: changes.MergeSummary = {
      proposals: proposals.filter((p) => p.beneficiary.id === removed.id).map((p) => p.id),
      usage: rows.map((u) => ({ usageKey: u.usageKey, reserved: u.reserved })),
      members: members.length,
      figures: figures.length,
    };
    const done = changes.completeMerge(removed, kept, summary, input.reason, tx);
    done.removed.unflag = flags.filter(
      (f) =>
        f.entryId === removed.id ||
        (f.entryId === kept.id && f.candidates.every((c) => c === removed.id)),
    );
    // The removed group leaves the A1 counters with all its members (they count again in the
    // kept group as its copies of them are written, step 3).
    const stagedRemoved = ports.registry.stage(removed, done.removed, tx, members);
    const stagedKept = ports.registry.stage(kept, done.kept, tx);
    const writes: PendingWrite[] = [...stagedRemoved.writes, ...stagedKept.writes];
    const deltas = [...(stagedRemoved.deltas ?? []), ...(stagedKept.deltas ?? [])];
    const target = proposalBeneficiaryOf(kept);
    for (const p of proposals) {
      if (p.beneficiary.id !== removed.id) {
        // A reference left behind by an edit that changed the beneficiary: just drop it.
        writes.push(...ports.registry.stageUnreference(removed.id, p.id));
        continue;
      }
      const rebound = lifecycle.rebindBeneficiary(p, target, "merge", tx);
      writes.push(...ports.proposals.stage(p, rebound, tx).writes);
      writes.push(...ports.registry.stageReferenceMove(removed.id, kept.id, p.id));
    }
    writes.push(...ports.usage.stageTransfer(fromRef, toRef, rows, tx.at));
    try {
      await ports.registry.commit(writes, deltas);
    } catch (err) {
      if (err instanceof WriteConditionsFailed) continue;
      throw err;
    }
    kept = await copyRecords(ports, tx, kept.id);
    const after = (await ports.registry.find(removed.id)) ?? removed;
    return { kept: entryView(kept), removed: entryView(after), summary };
  }
  throw new ConflictError(
    `the merge of ${removed.id} into ${kept.id} kept meeting concurrent changes; retry (it resumes)`,
  );
}

/** The province's review queue: entries registered despite a duplicate warning. */
export async function duplicateQueue(
  ports: RegistryPorts,
  actor: ScopedActor,
  provinceId?: string,
) {
  const province = provinceId ?? actor.provinceId;
  authorize(actor, "registry.merge", { provinceId: province, communeId: "", reviewUnitId: "" });
  const flags = await ports.registry.flags(province);
  const ids = [...new Set(flags.flatMap((f) => [f.entryId, ...f.candidates]))];
  const entries = (await Promise.all(ids.map((id) => ports.registry.find(id)))).filter(
    (b): b is Beneficiary => b !== undefined,
  );
  const byId = new Map(entries.map((b) => [b.id, entryView(b)]));
  return {
    provinceId: province,
    flags: flags.map((f) => ({
      ...f,
      entry: byId.get(f.entryId),
      candidates: f.candidates.map((c) => byId.get(c) ?? { id: c }),
    })),
  };
}

/** The province found a flagged entry is not a duplicate: the flag goes, audited on the entry. */
export async function dismissDuplicate(
  ports: RegistryPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  id: string,
  reason: string,
) {
  const b = await loadEntry(ports, actor, id, "registry.merge");
  const flag = (await ports.registry.flags(b.provinceId)).find((f) => f.entryId === b.id);
  if (!flag) throw new NotFoundError(`entry ${b.id} is not waiting for a duplicate review`);
  return entryView(
    (await ports.registry.save(b, changes.dismissDuplicate(b, flag, reason, tx), tx)).entry,
  );
}
