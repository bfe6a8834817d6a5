import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { config } from "../../config.ts";
import type { Mail } from "../domain/messages.ts";
import type { Mailer } from "../ports.ts";

export type { Mail, Mailer };

let ses: SESv2Client | undefined;

/** SES (v2). Email is not an AWS protocol locally, hence the Mailer port. */
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

/** SMTP to the local inbox. nodemailer is loaded lazily and kept out of the AWS bundles. */
export const smtpMailer: Mailer = {
  async send(mail) {
    const url = process.env.SMTP_URL;
    if (!url) throw new Error("environment variable SMTP_URL is not set");
    const nodemailer = await import("nodemailer");
    const transport = nodemailer.createTransport(url);
    await transport.sendMail({
      from: config.mailFrom,
      to: mail.to.join(", "),
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
    });
  },
};

/** The mailer of this environment (MAILER=smtp on the local stack), chosen at each send. */
export const configuredMailer: Mailer = {
  send: (mail) => (config.mailer === "smtp" ? smtpMailer : sesMailer).send(mail),
};
