import type { AddressObject } from "mailparser";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { extractLinks, type MailStore } from "./store.ts";

export interface LocalSmtp {
  port: number;
  url: string;
  stop(): Promise<void>;
}

const addresses = (value: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((a) =>
    a.value.map((v) => v.address ?? "").filter(Boolean),
  );

/**
 * An SMTP server on 127.0.0.1 without authentication that files every message it receives in
 * the local inbox. Handlers send through the local SES (local/aws/ses/) into the same inbox;
 * this server is for other tools that speak SMTP.
 */
export async function startSmtpServer(port: number, store: MailStore): Promise<LocalSmtp> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    banner: "Project 8 local inbox",
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          const html = typeof parsed.html === "string" ? parsed.html : "";
          const text = parsed.text ?? "";
          const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
          const to = addresses(parsed.to as AddressObject | undefined);
          await store.save({
            from: addresses(parsed.from as AddressObject | undefined)[0] ?? "",
            to: [...new Set([...to, ...envelopeTo])],
            subject: parsed.subject ?? "",
            text,
            html,
            links: extractLinks(html, text),
            date: new Date().toISOString(),
          });
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error("parse")));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  return {
    port: actual,
    url: `smtp://127.0.0.1:${actual}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
