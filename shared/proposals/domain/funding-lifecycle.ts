/**
 * The money part of the lifecycle: payments, their reversal, settlement (quyết toán), refunds,
 * monitoring reports and closing. Support is "actual cost, up to the cap": a proposal may be
 * paid less than approved, and the settlement is what closes the gap, releasing the unused part
 * of the reservation. Which transition is allowed from which state is in transitions.ts.
 */
import { ConflictError, StateConflictError, ValidationError } from "../../kernel/errors.ts";
import type { ProposalStatus } from "../../kernel/types.ts";
import type { Change } from "./lifecycle.ts";
import {
  approvedItems,
  type Proposal,
  type Settlement,
  type SettlementDocument,
  type TransitionContext,
} from "./proposal.ts";
import { bump, requireTransition } from "./transitions.ts";

export interface Payment {
  amount: number;
  paidOn: string;
  reference: string;
}

const fmt = (n: number) => String(n);

function requireUnsettled(p: Proposal, action: string): void {
  if (p.settlement) {
    throw new StateConflictError(
      `cannot ${action} a settled proposal (settled at ${p.settlement.amount} đồng on ${p.settlement.settledOn})`,
      p.status,
    );
  }
}

/**
 * A payment (tranche). Never above the approved amount; the payment that completes it moves the
 * proposal to MONITORING (and ends the workflow's wait). A payment that no longer fits is a
 * 409 naming what remains (a concurrent payment may have taken the room).
 */
export function recordDisbursement(p: Proposal, pay: Payment, ctx: TransitionContext): Change {
  const approved = p.approvedAmount ?? 0;
  const remaining = approved - p.disbursedTotal;
  // Paid in full (a concurrent payment may just have completed it): the payment does not fit.
  const paidInFull = p.status === "MONITORING" && !p.settlement;
  if (!paidInFull) requireTransition(p, "recordDisbursement", "record a disbursement for");
  if (pay.amount > remaining) {
    throw new ConflictError(
      `payment of ${fmt(pay.amount)} đồng exceeds the remaining approved amount of ${fmt(remaining)} đồng / khoản chi ${fmt(pay.amount)} đồng vượt số còn được chi ${fmt(remaining)} đồng`,
      { remainingAmount: remaining, approvedAmount: approved, disbursedTotal: p.disbursedTotal },
    );
  }
  const disbursedTotal = p.disbursedTotal + pay.amount;
  const to: ProposalStatus = disbursedTotal === approved ? "MONITORING" : "DISBURSING";
  const seq = p.disbursementCount + 1;
  return {
    next: bump(p, ctx, { status: to, disbursedTotal, disbursementCount: seq }),
    event: {
      type: "disbursement.recorded",
      from: p.status,
      to,
      data: {
        seq,
        amount: pay.amount,
        paidOn: pay.paidOn,
        reference: pay.reference,
        disbursedTotal,
        approved,
      },
    },
  };
}

/** A payment entry of the ledger, as the reversal needs it. */
export interface PaidEntry {
  seq: number;
  amount: number;
  kind?: string;
}

/**
 * Reverses a mistaken payment by a compensating entry: the payment stays in the ledger, a new
 * entry of the opposite amount is added with the reason. Never after settlement, never twice.
 * The total follows; a proposal that was paid in full is no longer (back to DISBURSING, or
 * APPROVED when nothing remains paid).
 */
export function reverseDisbursement(
  p: Proposal,
  entry: PaidEntry,
  reason: string,
  ctx: TransitionContext,
): Change {
  requireTransition(p, "reverseDisbursement", "reverse a payment of");
  requireUnsettled(p, "reverse a payment of");
  if (!reason.trim()) {
    throw new ValidationError("a reversal needs a reason", [
      { field: "reason", message: "required" },
    ]);
  }
  if ((entry.kind ?? "payment") !== "payment") {
    throw new ValidationError(`ledger entry ${entry.seq} is not a payment`, [
      { field: "entry", message: "only a payment can be reversed" },
    ]);
  }
  const reversed = p.reversedEntries ?? [];
  if (reversed.includes(entry.seq)) {
    throw new ConflictError(`payment ${entry.seq} was already reversed`, { entry: entry.seq });
  }
  const disbursedTotal = p.disbursedTotal - entry.amount;
  const to: ProposalStatus = disbursedTotal === 0 ? "APPROVED" : "DISBURSING";
  const seq = p.disbursementCount + 1;
  return {
    next: bump(p, ctx, {
      status: to,
      disbursedTotal,
      disbursementCount: seq,
      reversedEntries: [...reversed, entry.seq],
    }),
    event: {
      type: "disbursement.reversed",
      from: p.status,
      to,
      reason,
      data: { seq, reverses: entry.seq, amount: -entry.amount, disbursedTotal },
    },
  };
}

export interface SettlementInput {
  amount: number;
  settledOn: string;
  documents: SettlementDocument[];
  note?: string;
  /** Per item code, when the proposal claims several codes. */
  items?: { code: string; amount: number }[];
}

/** The approved support per item code (the amounts the norm check reserved). */
export function approvedByItem(p: Proposal): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of approvedItems(p)) out[i.code] = (out[i.code] ?? 0) + i.supportAmount;
  return out;
}

function splitByItem(p: Proposal, input: SettlementInput): Record<string, number> {
  const approved = approvedByItem(p);
  const codes = Object.keys(approved);
  if (!input.items || input.items.length === 0) {
    const [only] = codes;
    if (codes.length !== 1 || only === undefined) {
      throw new ValidationError("a proposal with several item codes is settled item by item", [
        { field: "items", message: `one amount per code: ${codes.join(", ")}` },
      ]);
    }
    return { [only]: input.amount };
  }
  const out: Record<string, number> = {};
  input.items.forEach((i, n) => {
    const cap = approved[i.code];
    if (cap === undefined || out[i.code] !== undefined) {
      throw new ValidationError(`item ${i.code} is not an item of the proposal, or repeated`, [
        { field: `items.${n}.code`, message: `one of ${codes.join(", ")}, once` },
      ]);
    }
    if (i.amount > cap) {
      throw new ValidationError(`item ${i.code} settled above its approved ${fmt(cap)} đồng`, [
        { field: `items.${n}.amount`, message: `at most ${fmt(cap)}` },
      ]);
    }
    out[i.code] = i.amount;
  });
  const sum = Object.values(out).reduce((s, a) => s + a, 0);
  if (sum !== input.amount) {
    throw new ValidationError(`the items add up to ${fmt(sum)} đồng, not ${fmt(input.amount)}`, [
      { field: "items", message: `must add up to amount (${fmt(input.amount)})` },
    ]);
  }
  for (const code of codes) out[code] ??= 0;
  return out;
}

/**
 * Settlement (quyết toán): the actual support, at most what was paid. The unused part of the
 * approval (approved − settled) is released from the caps in the same transaction (the caller
 * stages it); an over-payment (paid − settled) becomes a refund due. The proposal moves to
 * MONITORING, and the workflow's wait for the payments ends. Final: no payment, reversal or
 * second settlement after it.
 */
export function settle(p: Proposal, input: SettlementInput, ctx: TransitionContext): Change {
  requireTransition(p, "settle", "settle");
  requireUnsettled(p, "settle");
  if (input.amount > p.disbursedTotal) {
    throw new ValidationError(
      `settled amount ${fmt(input.amount)} đồng is above the ${fmt(p.disbursedTotal)} đồng paid`,
      [{ field: "amount", message: `at most the amount paid (${fmt(p.disbursedTotal)})` }],
    );
  }
  if (input.documents.length === 0) {
    throw new ValidationError("a settlement needs its documents", [
      { field: "documents", message: "at least one document" },
    ]);
  }
  const approved = p.approvedAmount ?? 0;
  const byItem = splitByItem(p, input);
  const settlement: Settlement = {
    amount: input.amount,
    settledOn: input.settledOn,
    documents: input.documents,
    ...(input.note ? { note: input.note } : {}),
    released: approved - input.amount,
    refundDue: p.disbursedTotal - input.amount,
    refundReceived: 0,
    byItem,
    at: ctx.at,
    by: ctx.actor.id,
  };
  return {
    next: bump(p, ctx, { status: "MONITORING", settlement }),
    event: {
      type: "settlement.recorded",
      from: p.status,
      to: "MONITORING",
      data: {
        amount: settlement.amount,
        settledOn: settlement.settledOn,
        approved,
        disbursedTotal: p.disbursedTotal,
        released: settlement.released,
        refundDue: settlement.refundDue,
        documents: input.documents.map((d) => ({ kind: d.kind, number: d.number })),
      },
    },
  };
}

/** What is still to be paid back after a settlement below the amount paid. */
export const refundOutstanding = (p: Proposal): number =>
  p.settlement ? p.settlement.refundDue - p.settlement.refundReceived : 0;

/** The beneficiary paid back (part of) the refund due; recorded as a ledger entry. */
export function recordRefund(p: Proposal, pay: Payment, ctx: TransitionContext): Change {
  requireTransition(p, "recordRefund", "record a refund for");
  const s = p.settlement;
  const outstanding = refundOutstanding(p);
  if (!s || outstanding <= 0) {
    throw new StateConflictError("no refund is due for this proposal", p.status);
  }
  if (pay.amount > outstanding) {
    throw new ConflictError(
      `refund of ${fmt(pay.amount)} đồng exceeds the ${fmt(outstanding)} đồng due`,
      { refundOutstanding: outstanding },
    );
  }
  const seq = p.disbursementCount + 1;
  const refundReceived = s.refundReceived + pay.amount;
  return {
    next: bump(p, ctx, { disbursementCount: seq, settlement: { ...s, refundReceived } }),
    event: {
      type: "refund.recorded",
      from: p.status,
      to: p.status,
      data: {
        seq,
        amount: pay.amount,
        paidOn: pay.paidOn,
        reference: pay.reference,
        refundReceived,
        refundDue: s.refundDue,
      },
    },
  };
}

export function fileReport(
  p: Proposal,
  summary: { period: string },
  ctx: TransitionContext,
): Change {
  requireTransition(p, "fileReport", "file a monitoring report for");
  return {
    next: bump(p, ctx, { reportCount: p.reportCount + 1 }),
    event: { type: "report.filed", from: p.status, to: p.status, data: { period: summary.period } },
  };
}

/** Closes a monitored proposal: at least one report, and no refund left outstanding. */
export function close(p: Proposal, comment: string | undefined, ctx: TransitionContext): Change {
  requireTransition(p, "close", "close");
  if (p.reportCount === 0) {
    throw new StateConflictError(
      "a proposal can be closed only after at least one monitoring report",
      p.status,
    );
  }
  const outstanding = refundOutstanding(p);
  if (outstanding > 0) {
    throw new StateConflictError(
      `a refund of ${fmt(outstanding)} đồng is still due; record its receipt before closing`,
      p.status,
    );
  }
  return {
    next: bump(p, ctx, { status: "CLOSED", closedAt: ctx.at }),
    event: {
      type: "proposal.closed",
      from: p.status,
      to: "CLOSED",
      reason: comment,
      data: {
        approved: p.approvedAmount ?? 0,
        disbursedTotal: p.disbursedTotal,
        settled: p.settlement?.amount ?? p.disbursedTotal,
      },
    },
  };
}
