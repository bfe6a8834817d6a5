/**
 * The ports of the money path (norm check, payments, reports, closing) on one MemoryDb, and a
 * helper that brings a draft to the norm check as the review would.
 */
import type { ScopedActor } from "../../../shared/access/policy.ts";
import * as lifecycle from "../../../shared/proposals/domain/lifecycle.ts";
import type {
  Proposal,
  Reduction,
  TransitionContext,
} from "../../../shared/proposals/domain/proposal.ts";
import {
  createProposal,
  type DraftInput,
  submitProposal,
} from "../../../shared/proposals/use-cases/proposals.ts";
import { registryForProposals } from "../../../shared/registry/use-cases/for-proposals.ts";
import type { MemoryDb } from "./db.ts";
import { DEMO_UNITS, memoryDirectory } from "./directory.ts";
import { memoryDisbursementWaits, memoryFundingLedger, memoryFundingNotices } from "./funding.ts";
import { memoryIndicatorLedger } from "./monitoring.ts";
import { memoryNormCheckLog, memoryNormSets, memoryNormUsage } from "./norms.ts";
import { memoryCipher, memoryPseudonyms } from "./privacy.ts";
import { memoryProposalStore } from "./proposals.ts";
import { memoryRegistryStore, seedTestEntries, TEST_ENTRIES } from "./registry.ts";
import { memoryOutbox, memoryWorkflow } from "./workflow.ts";

export const ACTORS = {
  commune: {
    id: "commune.batxat",
    role: "commune_officer",
    unitId: "C-BATXAT",
    provinceId: "P-LC",
  },
  approver: { id: "approver.batxat", role: "approver", unitId: "RU-BX", provinceId: "P-LC" },
  finance: { id: "finance.laocai", role: "finance_officer", unitId: "P-LC", provinceId: "P-LC" },
  admin: { id: "admin", role: "admin", unitId: "P-LC", provinceId: "P-LC" },
  admin2: { id: "admin2", role: "admin", unitId: "P-LC", provinceId: "P-LC" },
} satisfies Record<string, ScopedActor>;

export const txAt = (
  at: string,
  actor: ScopedActor,
  channel: TransitionContext["channel"] = "api",
) => ({
  actor,
  channel,
  at,
});

export function moneyPorts(db: MemoryDb) {
  const workflow = memoryWorkflow();
  const proposals = memoryProposalStore(db);
  const ledger = memoryFundingLedger(db);
  seedTestEntries(db);
  return {
    registry: registryForProposals(memoryRegistryStore(db)),
    forDocuments: { proposals, funding: ledger },
    db,
    proposals,
    directory: memoryDirectory(DEMO_UNITS),
    cipher: memoryCipher(),
    pseudonyms: memoryPseudonyms,
    workflow,
    outbox: memoryOutbox(db, workflow),
    normSets: memoryNormSets(db),
    usage: memoryNormUsage(db),
    checks: memoryNormCheckLog(),
    ledger,
    waits: memoryDisbursementWaits(db),
    notices: memoryFundingNotices(),
    indicators: memoryIndicatorLedger(),
  };
}
export type MoneyPorts = ReturnType<typeof moneyPorts>;

export const a2 = (supportAmount: number, over: Partial<DraftInput> = {}): DraftInput => ({
  activity: "A2",
  phase: "2021-2025",
  title: "Thương hiệu chè Shan tuyết",
  communeId: "C-BATXAT",
  beneficiaryId: TEST_ENTRIES.cooperative,
  items: [
    { code: "A2.TECH_SUPPORT", description: "Nhãn hiệu", supportAmount, totalCost: supportAmount },
  ],
  ...over,
});

/**
 * Draft → submitted → approved by the reviewer (with `reductions`: a partial approval): the
 * proposal waits in NORM_CHECK.
 */
export async function toNormCheck(
  ports: MoneyPorts,
  draft: DraftInput,
  at: string,
  reductions?: Reduction[],
): Promise<Proposal> {
  const c = ACTORS.commune;
  const p = await createProposal(ports, c, txAt(at, c), draft);
  const s = await submitProposal(ports, c, txAt(at, c), p.id, p.version);
  const a = ACTORS.approver;
  const decision = {
    decision: "approve" as const,
    by: a.id,
    at,
    channel: "api" as const,
    ...(reductions ? { reductions } : {}),
  };
  return (await ports.proposals.save(s, lifecycle.decide(s, decision, txAt(at, a)), txAt(at, a)))
    .proposal;
}
