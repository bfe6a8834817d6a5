import { simpleParser } from "mailparser";
import type { StoredMail } from "../../mail/store.ts";
import { extractLinks } from "../../mail/store.ts";
import type { ConditionValues } from "../authorize.ts";

/** An SES v2 error as the REST-JSON protocol carries it (`x-amzn-ErrorType` + message). */
export class SesError extends Error {
  override name = "SesError";
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const bad = (message: string) => new SesError("BadRequestException", message);

/** The identities and configuration sets the template declares. */
export interface SesDeclarations {
  /** `AWS::SES::EmailIdentity` values: domains (`example.org`) or addresses. */
  identities: readonly string[];
  /** `AWS::SES::ConfigurationSet` names. */
  configurationSets: readonly string[];
  region: string;
  account: string;
}

export const identityArn = (d: SesDeclarations, identity: string) =>
  `arn:aws:ses:${d.region}:${d.account}:identity/${identity}`;
export const configurationSetArn = (d: SesDeclarations, name: string) =>
  `arn:aws:ses:${d.region}:${d.account}:configuration-set/${name}`;

/** `"Name" <a@b.c>` or `a@b.c` → the address and the display name. */
export function parseAddress(value: string): { address: string; name: string } {
  const angle = /^\s*(.*?)\s*<([^<>\s]+)>\s*$/.exec(value);
  const address = (angle?.[2] ?? value).trim();
  const name = (angle?.[1] ?? "").replace(/^"|"$/g, "");
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) throw bad(`Invalid address ${value}`);
  return { address, name };
}

/** The declared identity a From address sends as: the address itself, else its domain. */
export function verifiedIdentityOf(d: SesDeclarations, address: string): string | undefined {
  const lower = address.toLowerCase();
  const domain = lower.slice(lower.lastIndexOf("@") + 1);
  return (
    d.identities.find((i) => i.toLowerCase() === lower) ??
    d.identities.find((i) => i.toLowerCase() === domain)
  );
}

type Json = Readonly<Record<string, unknown>>;

const obj = (v: unknown, what: string): Json | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "object" || Array.isArray(v)) throw bad(`${what} must be an object`);
  return v as Json;
};
const strings = (v: unknown, what: string): string[] => {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== "string"))
    throw bad(`${what} must be a list of strings`);
  return v as string[];
};
const optString = (v: unknown, what: string): string | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw bad(`${what} must be a string`);
  return v;
};
const content = (v: unknown, what: string): string | undefined =>
  optString(obj(v, what)?.Data, `${what}.Data`);

/** A SendEmail request, checked against the template, ready to authorize and deliver. */
export interface PreparedSend {
  /** `ses:SendEmail` on these ARNs: the identity, then the configuration set if one is named. */
  resources: string[];
  context: ConditionValues;
  mail: Omit<StoredMail, "id" | "date">;
}

/**
 * Reads a SendEmail body (Simple or Raw content) and checks what SES checks before sending:
 * a From address of a verified identity (MessageRejected otherwise) and an existing
 * configuration set (NotFoundException).
 */
export async function prepareSend(body: Json, d: SesDeclarations): Promise<PreparedSend> {
  const c = obj(body.Content, "Content");
  if (!c) throw bad("Missing required parameter Content");
  const destination = obj(body.Destination, "Destination");
  const listed = [
    ...strings(destination?.ToAddresses, "Destination.ToAddresses"),
    ...strings(destination?.CcAddresses, "Destination.CcAddresses"),
    ...strings(destination?.BccAddresses, "Destination.BccAddresses"),
  ];
  let from = optString(body.FromEmailAddress, "FromEmailAddress");
  let subject = "";
  let text = "";
  let html = "";
  let recipients = listed;
  const simple = obj(c.Simple, "Content.Simple");
  const raw = obj(c.Raw, "Content.Raw");
  if ([simple, raw, c.Template].filter((x) => x !== undefined && x !== null).length !== 1) {
    throw bad("Content must have exactly one of Simple, Raw or Template");
  }
  if (simple) {
    subject = content(simple.Subject, "Subject") ?? "";
    const b = obj(simple.Body, "Content.Simple.Body");
    text = content(b?.Text, "Body.Text") ?? "";
    html = content(b?.Html, "Body.Html") ?? "";
    if (!from) throw bad("Missing required parameter FromEmailAddress");
  } else if (raw) {
    const data = optString(raw.Data, "Content.Raw.Data");
    if (!data) throw bad("Missing required parameter Content.Raw.Data");
    const parsed = await simpleParser(Buffer.from(data, "base64"));
    const addressesOf = (field: typeof parsed.to) =>
      (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) =>
        a.value.map((v) => v.address ?? "").filter(Boolean),
      );
    from ??= parsed.from?.value[0]?.address;
    if (!from) throw bad("Missing From: neither FromEmailAddress nor a From header");
    subject = parsed.subject ?? "";
    text = parsed.text ?? "";
    html = typeof parsed.html === "string" ? parsed.html : "";
    if (recipients.length === 0) {
      recipients = [
        ...addressesOf(parsed.to),
        ...addressesOf(parsed.cc),
        ...addressesOf(parsed.bcc),
      ];
    }
  } else {
    throw bad("Templated content is not supported by the local SES");
  }
  if (recipients.length === 0) throw bad("Missing required parameter Destination");
  const sender = parseAddress(from);
  const to = [...new Set(recipients.map((r) => parseAddress(r).address))];
  if (to.length > 50) throw bad("Recipient count exceeds 50.");

  const identity = verifiedIdentityOf(d, sender.address);
  if (!identity) {
    throw new SesError(
      "MessageRejected",
      `Email address is not verified. The following identities failed the check in region ${d.region.toUpperCase()}: ${sender.address}`,
    );
  }
  const resources = [identityArn(d, identity)];
  const configurationSet = optString(body.ConfigurationSetName, "ConfigurationSetName");
  if (configurationSet !== undefined) {
    if (!d.configurationSets.includes(configurationSet)) {
      throw new SesError(
        "NotFoundException",
        `Configuration set <${configurationSet}> does not exist.`,
        404,
      );
    }
    resources.push(configurationSetArn(d, configurationSet));
  }
  return {
    resources,
    context: {
      "ses:ApiVersion": "2",
      "ses:FromAddress": sender.address,
      "ses:FromDisplayName": sender.name,
      "ses:Recipients": to,
    },
    mail: { from: sender.address, to, subject, text, html, links: extractLinks(html, text) },
  };
}
