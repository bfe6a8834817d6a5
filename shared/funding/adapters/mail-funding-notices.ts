import { config } from "../../config.ts";
import { dynamoDirectory } from "../../directory/adapters/dynamo-directory.ts";
import { sesMailer } from "../../notifications/adapters/mailer.ts";
import { disbursementDueMail } from "../../notifications/domain/messages.ts";
import { proposalSummary, recipients, trySend } from "../../notifications/use-cases/notify.ts";
import type { FundingNotices } from "../ports.ts";

/**
 * Mails the province's finance officers (no personal data: reference, activity, amount, link).
 * The link opens the finance page of the proposal, a page that exists for its recipients.
 */
export const mailFundingNotices: FundingNotices = {
  async disbursementDue(p, at) {
    const link = `${config.appBaseUrl}/app/finance/${encodeURIComponent(p.id)}`;
    // The commune's name, and when it was approved (not when this mail is sent).
    const summary = await proposalSummary(
      dynamoDirectory,
      p,
      p.status === "APPROVED" ? p.updatedAt : at,
      link,
    );
    await trySend(
      sesMailer,
      disbursementDueMail(
        summary,
        await recipients(dynamoDirectory, p.provinceId, ["finance_officer"]),
      ),
      "disbursement.due",
      p.reference,
    );
  },
};
