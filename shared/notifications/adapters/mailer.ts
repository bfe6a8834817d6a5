import { signedJson } from "../../aws/signed-json.ts";
import { config } from "../../config.ts";
import type { Mail } from "../domain/messages.ts";
import type { Mailer } from "../ports.ts";

export type { Mail, Mailer };

/**
 * SES v2 `SendEmail` on AWS and on the local stack alike: locally AWS_ENDPOINT_URL_SESV2 points
 * the request at the local SES (local/aws/ses/), which files each message in the local inbox.
 * One signed REST-JSON request (shared/aws/signed-json.ts) rather than the SES v2 client: the
 * client's model is about 60 kB of every mailing function's bundle and cold start.
 */
export const sesMailer: Mailer = {
  async send(mail) {
    await signedJson({
      service: "ses",
      endpointVariable: "SESV2",
      hostPrefix: "email",
      method: "POST",
      path: "/v2/email/outbound-emails",
      maxAttempts: 4,
      body: {
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
      },
    });
  },
};
