/** What notifying people needs: a way to send mail and the addresses of the application's pages. */
import type { AuditEvent } from "../audit/domain/chain.ts";
import type { CommuneNotice } from "./domain/commune-notices.ts";
import type { Mail } from "./domain/messages.ts";

/** Sends one mail (SES on AWS, SMTP to the local inbox). Throws when the send failed. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/** Absolute URLs of the pages a mail points to (the application's base URL is configuration). */
export interface AppLinks {
  /** The task page, /app/tasks/{id}. */
  taskPage(taskId: string): string;
  /** An email link, /l/{linkId}: only the opaque id, nothing about the task. */
  emailLink(linkId: string): string;
  /** The proposal page, /app/proposals/{id}. */
  proposalPage(proposalId: string): string;
}

/**
 * One way of telling a commune's officers about their proposal: email now; an SMS or Zalo
 * sender implements the same port later (communeNoticeText gives it the short text). A channel
 * chooses the address it needs from the directory entry (email, later a phone number).
 */
export interface NoticeChannel {
  readonly name: string;
  /** Sends the notice to these people. Throws when it could not be sent (it is tried again). */
  deliver(notice: CommuneNotice, to: readonly NoticeRecipient[]): Promise<void>;
}

/** Who is told: a commune officer as the directory knows them. */
export interface NoticeRecipient {
  username: string;
  email: string;
}

/** The audit events of some types in a time window, in time order (the notices' source). */
export interface NoticeSource {
  eventsOfTypes(types: readonly string[], from: string, to: string): Promise<AuditEvent[]>;
}

/** What was already told: one marker per event, and where the last run stopped. */
export interface NoticeLog {
  /** Claims the notice of one event; false when it was claimed before (sent, or being sent). */
  claim(eventKey: string, at: string): Promise<boolean>;
  /** Gives a claim back after a failed send, so the next run tries again. */
  release(eventKey: string): Promise<void>;
  /** Where the last run stopped (ISO time), if it ever ran. */
  lastRun(): Promise<string | undefined>;
  setLastRun(at: string): Promise<void>;
}
