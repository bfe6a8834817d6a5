import type { ScopedActor } from "../../access/policy.ts";
import { NotFoundError } from "../../kernel/errors.ts";
import type { PendingWrite } from "../../kernel/pending-write.ts";
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

/**
 * Finance records a payment (tranche).
 * 1. authorize (finance officer of the province); 2. the pure transition refuses more than the
 *    approved amount; 3. one transaction: proposal + audit event + payment record, and when the
 *    payment completes the amount, an outbox signal ending the workflow's wait; 4. deliver it.
 */
export async function recordDisbursement(
  ports: PaymentPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  id: string,
  pay: lifecycle.Payment,
): Promise<Proposal> {
  const p = await loadAuthorized(ports.proposals, actor, id, "disbursement.record");
  const change = lifecycle.recordDisbursement(p, pay, tx);
  const seq = p.disbursementCount + 1;
  const extra: PendingWrite[] = [
    ports.ledger.stageEntry(p.id, {
      seq,
      ...pay,
      recordedBy: actor.id,
      recordedAt: tx.at,
    }),
  ];
  let end: Awaited<ReturnType<typeof stageWaitEnd>> = { writes: [] };
  if (change.next.status === "MONITORING") end = await stageWaitEnd(ports, change.next, tx.at);
  const { proposal } = await ports.proposals.save(p, change, tx, [...extra, ...end.writes]);
  if (end.entry) await ports.outbox.deliver(end.entry);
  return proposal;
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
