/** In-memory payment ledger, monitoring reports, AwaitDisbursement tokens and finance notices. */
import type {
  DisbursementWaits,
  FundingLedger,
  FundingNotices,
  LedgerEntry,
  MonitoringReportRecord,
} from "../../../shared/funding/ports.ts";
import type { Proposal } from "../../../shared/proposals/domain/proposal.ts";
import { type MemoryDb, memoryWrite } from "./db.ts";

const pad = (n: number, w: number) => String(n).padStart(w, "0");
const entryKey = (id: string, seq: number) => `ledger#${id}#D#${pad(seq, 3)}`;
const reportKey = (id: string, at: string, rid: string) => `ledger#${id}#R#${at}#${rid}`;
const waitKey = (id: string) => `wait#${id}`;

export function memoryFundingLedger(db: MemoryDb): FundingLedger {
  let reports = 0;
  return {
    newReportId: () => `r-${++reports}`,
    stageEntry: (id, entry: LedgerEntry) =>
      memoryWrite(
        (d) => d.put(entryKey(id, entry.seq), entry),
        (d) => d.get(entryKey(id, entry.seq)) === undefined,
      ),
    stageReport: (id, at, report: MonitoringReportRecord) =>
      memoryWrite(
        (d) => d.put(reportKey(id, at, report.reportId), report),
        (d) => d.get(reportKey(id, at, report.reportId)) === undefined,
      ),
    async records(id) {
      const of = (kind: string) =>
        db.keys(`ledger#${id}#${kind}#`).map((k) => db.get<Record<string, unknown>>(k) ?? {});
      const checks = db.keys(`normcheck#${id}#`);
      const last = checks.at(-1);
      const normCheck = last ? db.get<{ result: unknown }>(last)?.result : undefined;
      return {
        disbursements: of("D"),
        reports: of("R"),
        ...(normCheck ? { normCheck } : {}),
      };
    },
  };
}

export function memoryDisbursementWaits(db: MemoryDb): DisbursementWaits {
  return {
    async find(id) {
      return db.get<{ token: string; since: string }>(waitKey(id));
    },
    async hold(id, token, at) {
      const existing = db.get<{ token: string; since: string }>(waitKey(id));
      db.put(waitKey(id), { token, since: existing?.since ?? at });
      return existing ? { firstSince: existing.since } : {};
    },
    stageEnd: (id) => memoryWrite((d) => d.records.delete(waitKey(id))),
  };
}

export interface RecordingNotices extends FundingNotices {
  due: { proposalId: string; at: string }[];
}

export function memoryFundingNotices(): RecordingNotices {
  const due: RecordingNotices["due"] = [];
  return {
    due,
    async disbursementDue(p: Proposal, at: string) {
      due.push({ proposalId: p.id, at });
    },
  };
}
