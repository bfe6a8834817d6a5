/** In-memory Mailer (records every mail, can be told to fail) and the application's links. */
import type { Mail } from "../../../shared/notifications/domain/messages.ts";
import type { AppLinks, Mailer } from "../../../shared/notifications/ports.ts";

export interface RecordingMailer extends Mailer {
  sent: Mail[];
  /** Makes every send fail until `recover()` (an SES outage). */
  fail(): void;
  recover(): void;
}

export function memoryMailer(): RecordingMailer {
  let failing = false;
  const sent: Mail[] = [];
  return {
    sent,
    fail: () => {
      failing = true;
    },
    recover: () => {
      failing = false;
    },
    async send(mail) {
      if (failing) throw Object.assign(new Error("send failed"), { name: "MessageRejected" });
      sent.push(structuredClone(mail));
    },
  };
}

export const TEST_BASE_URL = "https://p8.test";

export const memoryAppLinks: AppLinks = {
  taskPage: (taskId) => `${TEST_BASE_URL}/app/tasks/${encodeURIComponent(taskId)}`,
  emailLink: (linkId) => `${TEST_BASE_URL}/l/${linkId}`,
  proposalPage: (id) => `${TEST_BASE_URL}/app/proposals/${encodeURIComponent(id)}`,
};

/** The distinct link ids in a mail's text (the email links an approver would follow). */
export function linkIdsIn(mail: Mail): string[] {
  return [...new Set([...mail.text.matchAll(/\/l\/([A-Za-z0-9_-]{43})/g)].map((m) => m[1] ?? ""))];
}
