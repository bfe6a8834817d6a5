/** What the funding capability reads and writes beside the proposal. */
import type { PendingWrite } from "../kernel/pending-write.ts";
import type { Proposal } from "../proposals/domain/proposal.ts";

export interface FundingRecords {
  disbursements: Record<string, unknown>[];
  reports: Record<string, unknown>[];
  /** The latest full norm-check result. */
  normCheck?: unknown;
}

export interface FundingReader {
  /** Payments, monitoring reports and the latest full norm-check result of a proposal. */
  records(proposalId: string): Promise<FundingRecords>;
}

/** One entry of a proposal's payment ledger (sk D#<seq>): never edited, never deleted. */
export interface LedgerEntry {
  seq: number;
  amount: number;
  paidOn: string;
  reference: string;
  recordedBy: string;
  recordedAt: string;
  [extra: string]: unknown;
}

export interface MonitoringReportRecord {
  reportId: string;
  period: string;
  usedAmount: number;
  progress: string;
  summary: string;
  filedBy: string;
  filedAt: string;
}

/** The payment ledger and the reports of a proposal, written with the proposal's change. */
export interface FundingLedger extends FundingReader {
  /** Stages a ledger entry, refused if its sequence number is taken (no overwrite, ever). */
  stageEntry(proposalId: string, entry: LedgerEntry): PendingWrite;
  stageReport(proposalId: string, at: string, report: MonitoringReportRecord): PendingWrite;
  newReportId(): string;
}

/** The token of the execution waiting in AwaitDisbursement (one per proposal). */
export interface DisbursementWaits {
  /** The held token (strongly consistent read). */
  find(proposalId: string): Promise<{ token: string; since: string } | undefined>;
  /** Keeps the token; `since` stays the first time the wait was opened. Returns that first time, if any. */
  hold(proposalId: string, token: string, at: string): Promise<{ firstSince?: string }>;
  /** Removes the held token with the change that ends the wait. */
  stageEnd(proposalId: string): PendingWrite;
}

/** Tells finance that an approved proposal awaits payment. Never throws. */
export interface FundingNotices {
  disbursementDue(p: Proposal, at: string): Promise<void>;
}
