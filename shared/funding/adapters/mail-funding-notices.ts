import { config } from "../../config.ts";
import { disbursementDueMail } from "../../notifications/domain/messages.ts";
import { recipients, trySend } from "../../notifications/use-cases/notify.ts";
import type { FundingNotices } from "../ports.ts";

/** Mails the province's finance officers (no personal data: reference, activity, amount, link). */
export const mailFundingNotices: FundingNotices = {
  async disbursementDue(p, at) {
    const link = `${config.appBaseUrl}/app/proposals/${encodeURIComponent(p.id)}`;
    const summary = {
      reference: p.reference,
      activity: p.activity,
      communeName: p.communeId,
      amount: p.approvedAmount ?? 0,
      dueAt: at,
      link,
    };
    await trySend(
      disbursementDueMail(summary, await recipients(p.provinceId, ["finance_officer"])),
      "disbursement.due",
      p.reference,
    );
  },
};
