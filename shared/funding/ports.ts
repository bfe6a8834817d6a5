/** What the funding capability reads and writes beside the proposal. */

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
