/**
 * The migration of proposals written before the registry (scripts/migrate-registry.ts runs it;
 * docs/registry.md documents it). Each proposal whose beneficiary is free text gets a registry
 * entry and, in one transaction per proposal: the proposal references the entry (audited), the
 * reference is recorded, and the proposal's holds on the free-text usage rows move onto the
 * entry's rows. Re-runnable: proposals already migrated are skipped; entries have ids derived
 * from (commune, kind, normalized text), so a re-run finds them instead of registering twice.
 *
 * Free texts that differ only in case, diacritics, spacing or punctuation (`HTX-A`, `htx-a`)
 * become one entry; the same text in two communes becomes two entries (one cap each, as the
 * registry keys caps). Entries whose names meet another entry's are queued for the province.
 */

import { WriteConditionsFailed } from "../../kernel/pending-write.ts";
import type { IndicatorDelta } from "../../monitoring/domain/deltas.ts";
import { localDateOf } from "../../norms/domain/dates.ts";
import type { PseudonymKey } from "../../privacy/ports.ts";
import * as lifecycle from "../../proposals/domain/lifecycle.ts";
import type { Proposal, TransitionContext } from "../../proposals/domain/proposal.ts";
import type { ProposalStore } from "../../proposals/ports.ts";
import {
  type Beneficiary,
  type Details,
  proposalBeneficiaryOf,
  proposalKindOf,
  type RegistryKind,
} from "../domain/beneficiary.ts";
import * as changes from "../domain/changes.ts";
import { derivedRegistryId, isRegistryId } from "../domain/ids.ts";
import { nameKeyOf } from "../domain/names.ts";
import type { RegistryStore, StoredProposals, UsageLedger } from "../ports.ts";

export interface MigrationPorts {
  registry: RegistryStore;
  proposals: Pick<ProposalStore, "find" | "stage">;
  usage: UsageLedger;
  source: StoredProposals;
  pseudonyms: PseudonymKey;
}

export interface MigrationReport {
  scanned: number;
  alreadyRegistered: number;
  migrated: number;
  entriesCreated: number;
  holdsMoved: number;
  flaggedForReview: number;
  failed: { proposalId: string; reason: string }[];
}

const KIND_OF: Record<Proposal["beneficiary"]["kind"], RegistryKind> = {
  SAVINGS_GROUP: "SAVINGS_GROUP",
  LIVELIHOOD_GROUP: "LIVELIHOOD_GROUP",
  COOPERATIVE_GROUP: "COOPERATIVE_GROUP",
  COOPERATIVE: "COOPERATIVE",
  TRUSTED_ADDRESS: "TRUSTED_ADDRESS",
  SURVIVOR_MODEL: "SURVIVOR_CASE",
};

/** What the migration can know of an entry from a proposal, and what the commune must add. */
function detailsFrom(p: Proposal, kind: RegistryKind): { details: Details; incomplete: string[] } {
  const created = localDateOf(p.createdAt);
  switch (kind) {
    case "SAVINGS_GROUP":
      return { details: { status: "active" }, incomplete: ["village", "foundedOn"] };
    case "TRUSTED_ADDRESS": {
      const founded = p.items.some((i) => i.code === "A3.NEW_ADDRESS_EQUIPMENT");
      return {
        details: { origin: founded ? "founded" : "upgraded", since: created, status: "active" },
        incomplete: ["since"],
      };
    }
    case "SURVIVOR_CASE":
      return {
        details: { listedOn: created, needs: ["livelihood"], status: "active" },
        incomplete: [],
      };
    default:
      return {
        details: { leadership: "women_led", memberCounts: [], products: [], status: "active" },
        incomplete: ["leadership", "memberCounts"],
      };
  }
}

/** The entry a free-text beneficiary becomes: one per commune, kind and normalized text. */
export function migrationIdOf(p: Proposal): string {
  const kind = KIND_OF[p.beneficiary.kind];
  return derivedRegistryId(`migration:${p.communeId}:${kind}:${nameKeyOf(p.beneficiary.id)}`);
}

async function migrateOne(
  ports: MigrationPorts,
  tx: TransitionContext,
  p: Proposal,
  report: MigrationReport,
): Promise<void> {
  const kind = KIND_OF[p.beneficiary.kind];
  const id = migrationIdOf(p);
  let existing = await ports.registry.find(id);
  // Merged by the province since an earlier run: the proposal goes to the kept entry.
  for (let hops = 0; existing?.state === "MERGED" && existing.mergedInto && hops < 10; hops++)
    existing = await ports.registry.find(existing.mergedInto);
  let entry: Beneficiary;
  const writes = [];
  const deltas: IndicatorDelta[] = [];
  if (existing) {
    entry = existing;
  } else {
    const { details, incomplete } = detailsFrom(p, kind);
    const pseudonym = kind === "SURVIVOR_CASE" ? await ports.pseudonyms.pseudonymOf(id) : undefined;
    const name = kind === "SURVIVOR_CASE" ? (pseudonym ?? `Hồ sơ ${id}`) : p.beneficiary.name;
    const nameKey = kind === "SURVIVOR_CASE" ? "" : nameKeyOf(name);
    const same =
      nameKey === ""
        ? []
        : (await ports.registry.sameName(p.communeId, kind, nameKey)).filter((b) => b.id !== id);
    const change = changes.register(
      {
        id,
        kind,
        communeId: p.communeId,
        provinceId: p.provinceId,
        name,
        nameKey,
        details,
        ...(pseudonym ? { pseudonym } : {}),
        duplicateOf: same.map((b) => b.id),
        migratedFrom: { proposalId: p.id, text: p.beneficiary.id, incomplete },
      },
      tx,
    );
    const staged = ports.registry.stage(null, change, tx);
    entry = staged.entry;
    writes.push(...staged.writes);
    deltas.push(...(staged.deltas ?? []));
    if (same.length > 0) report.flaggedForReview++;
  }
  const fromRef = { kind: p.beneficiary.kind, id: p.beneficiary.id };
  const toRef = { kind: proposalKindOf(entry.kind), id: entry.id };
  const held = (await ports.usage.rows(fromRef))
    .filter((r) => r.holds[p.id] !== undefined)
    .map((r) => {
      const amount = r.holds[p.id] ?? 0;
      return { ...r, reserved: amount, holds: { [p.id]: amount } };
    });
  const rebound = lifecycle.rebindBeneficiary(p, proposalBeneficiaryOf(entry), "migration", tx);
  writes.push(...ports.proposals.stage(p, rebound, tx).writes);
  writes.push(...ports.registry.stageReferenceMove(undefined, entry.id, p.id));
  writes.push(...ports.usage.stageTransfer(fromRef, toRef, held, tx.at));
  await ports.registry.commit(writes, deltas);
  if (!existing) report.entriesCreated++;
  report.holdsMoved += held.length;
  report.migrated++;
}

/**
 * Migrates every proposal whose beneficiary is not a registry entry yet. A failure of one
 * proposal is counted and the rest go on; a re-run retries it.
 */
export async function migrateProposals(
  ports: MigrationPorts,
  tx: TransitionContext,
): Promise<MigrationReport> {
  const report: MigrationReport = {
    scanned: 0,
    alreadyRegistered: 0,
    migrated: 0,
    entriesCreated: 0,
    holdsMoved: 0,
    flaggedForReview: 0,
    failed: [],
  };
  for await (const p of ports.source.all()) {
    report.scanned++;
    if (isRegistryId(p.beneficiary.id) && (await ports.registry.find(p.beneficiary.id))) {
      report.alreadyRegistered++;
      continue;
    }
    let done = false;
    for (let attempt = 0; attempt < 3 && !done; attempt++) {
      const fresh = await ports.proposals.find(p.id);
      if (!fresh) break;
      if (isRegistryId(fresh.beneficiary.id) && (await ports.registry.find(fresh.beneficiary.id))) {
        report.alreadyRegistered++;
        done = true;
        break;
      }
      try {
        await migrateOne(ports, tx, fresh, report);
        done = true;
      } catch (err) {
        if (!(err instanceof WriteConditionsFailed) || attempt === 2) {
          report.failed.push({ proposalId: p.id, reason: (err as Error).message });
          done = true;
        }
      }
    }
  }
  return report;
}
