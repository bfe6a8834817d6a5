import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { config } from "../../config.ts";
import type { Mail } from "../domain/messages.ts";
import type { Mailer } from "../ports.ts";

export type { Mail, Mailer };

let ses: SESv2Client | undefined;

/**
 * SES v2 on AWS and on the local stack alike: locally AWS_ENDPOINT_URL_SESV2 points the client
 * at the local SES (local/aws/ses/), which files each message in the local inbox.
 */
export const sesMailer: Mailer = {
  async send(mail) {
    ses ??= new SESv2Client({ maxAttempts: 4 });
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: config.mailFrom,
        Destination: { ToAddresses: mail.to },
        Content: {
          Simple: {
            Subject: { Data: mail.subject, Charset: "UTF-8" },
            Body: {
              Text: { Data: mail.text, Charset: "UTF-8" },
              Html: { Data: mail.html, Charset: "UTF-8" },
            },
          },
        },
      }),
    );
  },
};
