/** What notifying people needs: a way to send mail and the addresses of the application's pages. */
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
