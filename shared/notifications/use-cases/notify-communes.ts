import type { AuditEvent } from "../../audit/domain/chain.ts";
import type { Directory } from "../../directory/ports.ts";
import { logger } from "../../logger.ts";
import { BUSINESS_METRICS, countMetric } from "../../metrics.ts";
import type { ProposalStore } from "../../proposals/ports.ts";
import { proposalIdOfStream } from "../../tables/audit-table.ts";
import { NOTICE_EVENT_TYPES, noticeOf } from "../domain/commune-notices.ts";
import type { AppLinks, NoticeChannel, NoticeLog, NoticeSource } from "../ports.ts";

export interface CommuneNoticePorts {
  events: NoticeSource;
  log: NoticeLog;
  proposals: Pick<ProposalStore, "find">;
  directory: Pick<Directory, "findUnit" | "usersOfUnit">;
  channels: readonly NoticeChannel[];
  urls: Pick<AppLinks, "proposalPage">;
}

export interface CommuneNoticeReport {
  /** Notices sent (one per event, whatever the number of recipients and channels). */
  sent: number;
  /** Events already told in an earlier run. */
  skipped: number;
  /** Sends that failed: given back, tried again by the next run. */
  failed: number;
  /** Events of communes without an officer who can be reached. */
  unreachable: number;
}

/**
 * How far back each run looks again: the audit indexes are eventually consistent, so an event
 * may appear in the type index a little after a later one. The log's markers make looking twice
 * harmless; a send that fails is retried as long as its event is inside the window.
 */
export const LOOK_BACK_MS = 15 * 60_000;
/** A first run (no earlier run recorded) looks back this far. */
export const FIRST_RUN_MS = 60 * 60_000;

const eventKey = (e: AuditEvent) => `${e.stream}#${e.seq}`;

/**
 * Tells communes what happened to their proposals (returned with the comment, rejected,
 * approved, paid), from the audit trail: a notice exists only for a change that committed, and
 * no use case that changes a proposal needs to know about notices.
 * 1. read the events of the notice types since the last run (minus the look-back window);
 * 2. per event, claim its marker (an event already told is skipped);
 * 3. build the notice from the event and the proposal (no personal data), with the link to the
 *    proposal page; the commune's officers from the directory;
 * 4. deliver it on every channel; a failed send gives the claim back for the next run;
 * 5. record where this run stopped.
 */
export async function notifyCommunes(
  ports: CommuneNoticePorts,
  now: string,
): Promise<CommuneNoticeReport> {
  const report: CommuneNoticeReport = { sent: 0, skipped: 0, failed: 0, unreachable: 0 };
  const last = await ports.log.lastRun();
  const nowMs = Date.parse(now);
  const fromMs = last ? Date.parse(last) - LOOK_BACK_MS : nowMs - FIRST_RUN_MS;
  const from = new Date(Math.max(fromMs, nowMs - FIRST_RUN_MS - LOOK_BACK_MS)).toISOString();
  const events = await ports.events.eventsOfTypes(NOTICE_EVENT_TYPES, from, now);
  for (const e of events) {
    const proposalId = proposalIdOfStream(e.stream);
    if (!proposalId || e.stream.startsWith("PR#")) continue;
    const key = eventKey(e);
    if (!(await ports.log.claim(key, now))) {
      report.skipped++;
      continue;
    }
    try {
      const p = await ports.proposals.find(proposalId);
      if (!p) continue;
      const [commune, officers] = await Promise.all([
        ports.directory.findUnit(p.communeId),
        ports.directory.usersOfUnit(p.communeId, ["commune_officer"]),
      ]);
      const to = officers
        .filter((u) => u.email)
        .map((u) => ({ username: u.username, email: u.email }));
      const notice = noticeOf(e, p, commune?.nameVi ?? p.communeId, ports.urls.proposalPage(p.id));
      if (!notice) continue;
      if (to.length === 0) {
        report.unreachable++;
        logger.warn("no commune officer to tell", { what: e.type, ref: p.reference });
        continue;
      }
      for (const channel of ports.channels) await channel.deliver(notice, to);
      report.sent++;
    } catch (err) {
      report.failed++;
      countMetric(BUSINESS_METRICS.emailsFailed);
      await ports.log.release(key).catch(() => undefined);
      logger.warn("commune notice failed; the next run tries again", {
        what: e.type,
        error: (err as Error).name,
      });
    }
  }
  await ports.log.setLastRun(now);
  return report;
}
