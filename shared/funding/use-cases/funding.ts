import type { ScopedActor } from "../../access/policy.ts";
import {
  NotFoundError,
  StaleVersionError,
  UnavailableError,
  ValidationError,
} from "../../kernel/errors.ts";
import type { PendingWrite } from "../../kernel/pending-write.ts";
import { disbursementDeltas } from "../../monitoring/domain/deltas.ts";
import type { IndicatorLedger } from "../../monitoring/ports.ts";
import { heldBy } from "../../norms/domain/check.ts";
import { spendingBreach } from "../../norms/domain/spending.ts";
import type { NormSet } from "../../norms/domain/types.ts";
import type { NormSetStore, NormUsageStore } from "../../norms/ports.ts";
import * as lifecycle from "../../proposals/domain/lifecycle.ts";
import type { Proposal, TransitionContext } from "../../proposals/domain/proposal.ts";
import type { ProposalStore } from "../../proposals/ports.ts";
import { loadAuthorized } from "../../proposals/use-cases/proposals.ts";
import type { Outbox, OutboxEntry, Workflow } from "../../workflow/ports.ts";
import type { DisbursementWaits, FundingLedger, FundingNotices } from "../ports.ts";

/** The ports of the workflow step that waits for the payments. */
export interface WaitPorts {
  proposals: Pick<ProposalStore, "find">;
  waits: Pick<DisbursementWaits, "hold">;
  workflow: Pick<Workflow, "signal">;
  notices: FundingNotices;
}

/** The ports of recording a payment. */
export interface PaymentPorts {
  proposals: ProposalStore;
  ledger: Pick<FundingLedger, "stageEntry">;
  waits: Pick<DisbursementWaits, "find" | "stageEnd">;
  outbox: Pick<Outbox, "stageSignal" | "deliver">;
  /** The norm sets the proposal was approved under (their spending period). */
  normSets: Pick<NormSetStore, "versions">;
  /** The monitoring counters a payment moves. */
  indicators: Pick<IndicatorLedger, "stage">;
}

/** The ports of a settlement or a reversal: the payment ports and the beneficiary's holds. */
export interface SettlementPorts extends PaymentPorts {
  ledger: Pick<FundingLedger, "stageEntry" | "records">;
  usage: Pick<NormUsageStore, "load" | "stageAdjustment">;
}

const WAIT_OVER: readonly string[] = ["MONITORING", "CLOSED"];

async function mustFind(proposals: Pick<ProposalStore, "find">, id: string): Promise<Proposal> {
  const p = await proposals.find(id);
  if (!p) throw new NotFoundError(`proposal ${id} does not exist`);
  return p;
}

/**
 * AwaitDisbursement (workflow task, waits for a token): keeps the token until the payment that
 * completes the approved amount, and tells the province's finance officers. If the proposal
 * was already fully paid before this step ran, the wait ends at once.
 */
export async function openDisbursementWait(
  ports: WaitPorts,
  input: { proposalId: string; taskToken: string },
  at: string,
): Promise<void> {
  const p = await mustFind(ports.proposals, input.proposalId);
  if (WAIT_OVER.includes(p.status)) {
    await ports.workflow.signal(input.taskToken, { disbursedTotal: p.disbursedTotal });
    return;
  }
  const { firstSince } = await ports.waits.hold(p.id, input.taskToken, at);
  if (firstSince === undefined) await ports.notices.disbursementDue(p, at);
  // Paid in full between our read and the put: end the wait now rather than hang.
  const again = await mustFind(ports.proposals, p.id);
  if (WAIT_OVER.includes(again.status)) {
    await ports.workflow.signal(input.taskToken, { disbursedTotal: again.disbursedTotal });
  }
}

/**
 * When a change ends the wait for the payments, the staged writes that signal the waiting
 * execution (outbox entry) and drop its token, committed with the change.
 */
export async function stageWaitEnd(
  ports: Pick<PaymentPorts, "waits" | "outbox">,
  next: Proposal,
  at: string,
): Promise<{ writes: PendingWrite[]; entry?: OutboxEntry }> {
  const wait = await ports.waits.find(next.id);
  if (!wait) return { writes: [] };
  const staged = ports.outbox.stageSignal(at, `${next.id}-disbursed`, wait.token, {
    disbursedTotal: next.disbursedTotal,
  });
  return { writes: [staged.write, ports.waits.stageEnd(next.id)], entry: staged.entry };
}

/** Attempts of a change that lost a race with a concurrent one (re-read and re-decided each time). */
const MAX_ATTEMPTS = 12;

/**
 * Runs `attempt` on the latest proposal until it commits. A concurrent change (a payment
 * landing first) makes the write stale: without If-Match the change is decided again on the
 * new state, so payments that fit all land and the one that no longer fits is refused by the
 * domain naming what remains; with If-Match the client asked for exactly that version: 412.
 */
async function withRetries<T>(
  expected: number | undefined,
  attempt: (n: number) => Promise<T>,
): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (!(err instanceof StaleVersionError) || expected !== undefined) throw err;
      if (n + 1 >= MAX_ATTEMPTS) {
        throw new UnavailableError("too many concurrent changes to this proposal; retry", 1);
      }
      await new Promise((r) => setTimeout(r, Math.random() * 5 * 2 ** Math.min(n, 5)));
    }
  }
}

function checkExpected(p: Proposal, expected: number | undefined): void {
  if (expected !== undefined && expected !== p.version) {
    throw new StaleVersionError(
      `proposal ${p.id} is at version ${p.version}, not ${expected}; reload and retry`,
      p.version,
    );
  }
}

/** The sets a proposal was approved under, from its norm-check summary. */
async function approvedUnder(
  ports: Pick<PaymentPorts, "normSets">,
  p: Proposal,
): Promise<NormSet[]> {
  const summary = p.normCheck as
    | {
        normSet?: {
          national?: { id: string; version: number } | null;
          province?: { id: string; version: number } | null;
        };
      }
    | undefined;
  const refs = [summary?.normSet?.national, summary?.normSet?.province].filter(
    (r): r is { id: string; version: number } => !!r,
  );
  const sets = await Promise.all(
    refs.map(async (r) =>
      (await ports.normSets.versions(r.id)).find((s) => s.version === r.version),
    ),
  );
  return sets.filter((s): s is NormSet => s !== undefined);
}

/** Refuses a payment dated after the spending period of a set the proposal was approved under. */
async function checkSpendingPeriod(
  ports: Pick<PaymentPorts, "normSets">,
  p: Proposal,
  paidOn: string,
): Promise<void> {
  const breach = spendingBreach(await approvedUnder(ports, p), paidOn);
  if (!breach) return;
  const err = new ValidationError(`${breach.messageVi} / ${breach.messageEn}`, [
    { field: "paidOn", message: breach.messageEn },
  ]);
  Object.assign(err.extra, {
    rule: breach.ruleId,
    spendingUntil: breach.spendingUntil,
    normSet: { id: breach.setId, version: breach.version },
    ...(breach.citation ? { citation: breach.citation } : {}),
  });
  throw err;
}

/**
 * Finance records a payment (tranche).
 * 1. authorize (finance officer of the province); 2. refuse a payment after the spending period
 *    of the norm set the proposal was approved under (naming the rule and its citation);
 * 3. the pure transition refuses more than the approved amount (409 naming what remains);
 * 4. one transaction: proposal + audit event + ledger entry, and when the payment completes the
 *    amount, an outbox signal ending the workflow's wait; 5. deliver it.
 * Concurrent payments without If-Match are re-decided on the latest state (all that fit land).
 */
export async function recordDisbursement(
  ports: PaymentPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  id: string,
  pay: lifecycle.Payment,
  expected?: number,
): Promise<Proposal> {
  const first = await loadAuthorized(ports.proposals, actor, id, "disbursement.record");
  await checkSpendingPeriod(ports, first, pay.paidOn);
  return withRetries(expected, async (n) => {
    const p = n === 0 ? first : await mustFind(ports.proposals, id);
    checkExpected(p, expected);
    const change = lifecycle.recordDisbursement(p, pay, tx);
    const entry = ports.ledger.stageEntry(p.id, {
      seq: change.next.disbursementCount,
      kind: "payment",
      ...pay,
      recordedBy: actor.id,
      recordedAt: tx.at,
    });
    const end =
      change.next.status === "MONITORING"
        ? await stageWaitEnd(ports, change.next, tx.at)
        : { writes: [] };
    // The amount disbursed counts on its payment date, in the payment's own transaction.
    const counters = ports.indicators.stage(disbursementDeltas(p, pay));
    const { proposal } = await ports.proposals.save(p, change, tx, [
      entry,
      ...end.writes,
      ...counters,
    ]);
    if (end.entry) await ports.outbox.deliver(end.entry);
    return proposal;
  });
}

/**
 * Finance reverses a mistaken payment by a compensating entry with a reason: the payment stays
 * in the ledger, the reversal is a new entry of the opposite amount, audited. The total goes
 * down; the reservation is untouched (the approval still stands; settlement releases).
 */
export async function reverseDisbursement(
  ports: Pick<SettlementPorts, "proposals" | "ledger">,
  actor: ScopedActor,
  tx: TransitionContext,
  id: string,
  input: { entry: number; reason: string },
  expected?: number,
): Promise<Proposal> {
  await loadAuthorized(ports.proposals, actor, id, "disbursement.reverse");
  return withRetries(expected, async () => {
    const p = await mustFind(ports.proposals, id);
    checkExpected(p, expected);
    const { disbursements } = await ports.ledger.records(p.id);
    const target = disbursements.find((d) => d.seq === input.entry);
    if (!target) {
      throw new ValidationError(`payment ${input.entry} is not in the ledger of ${p.id}`, [
        { field: "entry", message: "the number (seq) of a payment of this proposal" },
      ]);
    }
    const change = lifecycle.reverseDisbursement(
      p,
      {
        seq: Number(target.seq),
        amount: Number(target.amount),
        kind: String(target.kind ?? "payment"),
      },
      input.reason,
      tx,
    );
    const entry = ports.ledger.stageEntry(p.id, {
      seq: change.next.disbursementCount,
      kind: "reversal",
      reverses: input.entry,
      amount: -Number(target.amount),
      paidOn: tx.at.slice(0, 10),
      reference: String(target.reference ?? ""),
      reason: input.reason,
      recordedBy: actor.id,
      recordedAt: tx.at,
    });
    return (await ports.proposals.save(p, change, tx, [entry])).proposal;
  });
}

/**
 * Finance records the settlement (quyết toán).
 * 1. authorize; 2. the pure transition: at most what was paid, with its documents, split by item
 *    code; the refund due is paid − settled;
 * 3. the beneficiary's holds of this proposal shrink to the settled amounts (approved − settled
 *    released), conditioned on the holds read, in the same transaction as the settlement and its
 *    audit event; 4. if the workflow still waits for the payments (paid less than approved),
 *    its wait ends with the same transaction (outbox), and is delivered.
 */
export async function settleProposal(
  ports: SettlementPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  id: string,
  input: lifecycle.SettlementInput,
  expected?: number,
): Promise<Proposal> {
  await loadAuthorized(ports.proposals, actor, id, "settlement.record");
  return withRetries(expected, async () => {
    const p = await mustFind(ports.proposals, id);
    checkExpected(p, expected);
    const change = lifecycle.settle(p, input, tx);
    const byItem = change.next.settlement?.byItem ?? {};
    const holds = heldBy(await ports.usage.load(p.beneficiary), p.id);
    const adjustments = holds.flatMap((h) => {
      if (h.usageKey.endsWith("#MONTHS")) return [];
      const code = h.usageKey.split("#")[0] ?? "";
      const to = byItem[code];
      return to !== undefined && to < h.amount
        ? [
            ports.usage.stageAdjustment(
              p.id,
              p.beneficiary,
              { usageKey: h.usageKey, from: h.amount, to },
              tx.at,
            ),
          ]
        : [];
    });
    const end = await stageWaitEnd(ports, change.next, tx.at);
    const { proposal } = await ports.proposals.save(p, change, tx, [...adjustments, ...end.writes]);
    if (end.entry) await ports.outbox.deliver(end.entry);
    return proposal;
  });
}

/** Finance records that the beneficiary paid back (part of) the refund due after settlement. */
export async function recordRefund(
  ports: Pick<PaymentPorts, "proposals" | "ledger">,
  actor: ScopedActor,
  tx: TransitionContext,
  id: string,
  pay: lifecycle.Payment,
  expected?: number,
): Promise<Proposal> {
  await loadAuthorized(ports.proposals, actor, id, "settlement.record");
  return withRetries(expected, async () => {
    const p = await mustFind(ports.proposals, id);
    checkExpected(p, expected);
    const change = lifecycle.recordRefund(p, pay, tx);
    const entry = ports.ledger.stageEntry(p.id, {
      seq: change.next.disbursementCount,
      kind: "refund",
      ...pay,
      recordedBy: actor.id,
      recordedAt: tx.at,
    });
    return (await ports.proposals.save(p, change, tx, [entry])).proposal;
  });
}

/** The commune reports how the money was used. */
export async function fileMonitoringReport(
  ports: { proposals: ProposalStore; ledger: Pick<FundingLedger, "stageReport" | "newReportId"> },
  actor: ScopedActor,
  tx: TransitionContext,
  id: string,
  report: { period: string; usedAmount: number; progress: string; summary: string },
): Promise<{ proposal: Proposal; reportId: string }> {
  const p = await loadAuthorized(ports.proposals, actor, id, "report.file");
  const reportId = ports.ledger.newReportId();
  const change = lifecycle.fileReport(p, { period: report.period }, tx);
  const { proposal } = await ports.proposals.save(p, change, tx, [
    ports.ledger.stageReport(p.id, tx.at, {
      reportId,
      ...report,
      filedBy: actor.id,
      filedAt: tx.at,
    }),
  ]);
  return { proposal, reportId };
}

/** The reviewing unit closes a monitored proposal. */
export async function closeProposal(
  ports: { proposals: ProposalStore },
  actor: ScopedActor,
  tx: TransitionContext,
  id: string,
  comment?: string,
): Promise<Proposal> {
  const p = await loadAuthorized(ports.proposals, actor, id, "proposal.close");
  return (await ports.proposals.save(p, lifecycle.close(p, comment, tx), tx)).proposal;
}
