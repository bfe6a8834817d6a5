/** The local SES v2 through the real SDK client: delivery into the inbox, and what SES refuses. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { SESv2Client, SendEmailCommand, type SendEmailCommandInput } from "@aws-sdk/client-sesv2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalSes, startLocalSes } from "../../local/aws/ses/server.ts";
import { createMailStore, type MailStore } from "../../local/mail/store.ts";
import {
  ACCOUNT,
  credentialsOf,
  type FakeCaller,
  fakeAuthorizer,
  REGION,
} from "../support/local-aws.ts";

const DOMAIN = `arn:aws:ses:${REGION}:${ACCOUNT}:identity/example.org`;
const ADDRESS = `arn:aws:ses:${REGION}:${ACCOUNT}:identity/alerts@example.org`;
const CONFIG = `arn:aws:ses:${REGION}:${ACCOUNT}:configuration-set/project8-mail`;

const mailer: FakeCaller = {
  accessKeyId: "OpenReviewTask",
  secretAccessKey: "s1",
  allow: [`ses:SendEmail ${DOMAIN}`, `ses:SendEmail ${CONFIG}`],
};
const noMail: FakeCaller = {
  accessKeyId: "GetProposal",
  secretAccessKey: "s2",
  allow: ["kms:Decrypt *"],
};

let dir: string;
let store: MailStore;
let ses: LocalSes;
let fake: ReturnType<typeof fakeAuthorizer>;
const clients: SESv2Client[] = [];
const clientFor = (caller: FakeCaller) => {
  const c = new SESv2Client({
    region: REGION,
    endpoint: ses.url,
    credentials: credentialsOf(caller),
    maxAttempts: 1,
  });
  clients.push(c);
  return c;
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "p8-ses-"));
  store = createMailStore(path.join(dir, "mail"));
  fake = fakeAuthorizer([mailer, noMail]);
  ses = await startLocalSes({
    port: 0,
    mail: store,
    authorize: fake.authorize,
    declarations: {
      identities: ["example.org", "alerts@example.org"],
      configurationSets: ["project8-mail"],
      region: REGION,
      account: ACCOUNT,
    },
  });
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await ses.stop();
  await rm(dir, { recursive: true, force: true });
});

const simple = (over: Partial<SendEmailCommandInput> = {}): SendEmailCommandInput => ({
  FromEmailAddress: "no-reply@example.org",
  Destination: { ToAddresses: ["approver@commune.vn"], CcAddresses: ["lead@commune.vn"] },
  Content: {
    Simple: {
      Subject: { Data: "Đề xuất chờ thẩm định", Charset: "UTF-8" },
      Body: {
        Text: { Data: "Mở: http://127.0.0.1:3000/l/abc", Charset: "UTF-8" },
        Html: { Data: '<a href="http://127.0.0.1:3000/l/abc">Mở</a>', Charset: "UTF-8" },
      },
    },
  },
  ...over,
});

describe("GIVEN a role allowed to send from the domain identity WHEN it sends", () => {
  it("THEN Simple content lands in the local inbox with its recipients, subject and links", async () => {
    const out = await clientFor(mailer).send(new SendEmailCommand(simple()));
    expect(out.MessageId).toBeTruthy();
    const [mail] = await store.list();
    expect(mail).toMatchObject({
      from: "no-reply@example.org",
      to: ["approver@commune.vn", "lead@commune.vn"],
      subject: "Đề xuất chờ thẩm định",
      links: ["http://127.0.0.1:3000/l/abc"],
    });
    expect(fake.checks.at(-1)).toMatchObject({ action: "ses:SendEmail", resource: DOMAIN });
    expect(fake.contexts.at(-1)).toMatchObject({ "ses:FromAddress": "no-reply@example.org" });
  });

  it("THEN Raw content is parsed (From and To from its headers) and delivered", async () => {
    const raw = [
      "From: Project 8 <no-reply@example.org>",
      "To: finance@province.vn",
      "Subject: =?UTF-8?B?xJDDoyBkdXnhu4d0?=",
      "MIME-Version: 1.0",
      'Content-Type: text/plain; charset="utf-8"',
      "",
      "Xem http://127.0.0.1:3000/app/proposals/P-1",
      "",
    ].join("\r\n");
    await clientFor(mailer).send(
      new SendEmailCommand({ Content: { Raw: { Data: new TextEncoder().encode(raw) } } }),
    );
    const [mail] = await store.list();
    expect(mail).toMatchObject({
      from: "no-reply@example.org",
      to: ["finance@province.vn"],
      subject: "Đã duyệt",
      links: ["http://127.0.0.1:3000/app/proposals/P-1"],
    });
  });

  it("THEN a named configuration set is authorized as well", async () => {
    await clientFor(mailer).send(
      new SendEmailCommand(simple({ ConfigurationSetName: "project8-mail" })),
    );
    expect(fake.checks.slice(-2).map((c) => c.resource)).toEqual([DOMAIN, CONFIG]);
  });
});

describe("GIVEN what SES would refuse WHEN it is sent", () => {
  it("THEN a From outside the verified identities is MessageRejected (not verified), nothing delivered", async () => {
    const before = (await store.list()).length;
    const error = await clientFor(mailer)
      .send(new SendEmailCommand(simple({ FromEmailAddress: "no-reply@gmail.com" })))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "MessageRejected" });
    expect(String((error as Error).message)).toContain("Email address is not verified");
    expect((await store.list()).length).toBe(before);
  });

  it("THEN a configuration set that does not exist is NotFoundException", async () => {
    await expect(
      clientFor(mailer).send(new SendEmailCommand(simple({ ConfigurationSetName: "nope" }))),
    ).rejects.toMatchObject({ name: "NotFoundException" });
  });

  it("THEN an address identity is the resource when it is declared, and a role without it is refused", async () => {
    const error = await clientFor(mailer)
      .send(new SendEmailCommand(simple({ FromEmailAddress: "alerts@example.org" })))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "AccessDeniedException" });
    expect(String((error as Error).message)).toContain(`ses:SendEmail on resource: ${ADDRESS}`);
  });

  it("THEN a role without ses:SendEmail is AccessDeniedException; a bad signature is refused", async () => {
    const before = (await store.list()).length;
    await expect(clientFor(noMail).send(new SendEmailCommand(simple()))).rejects.toMatchObject({
      name: "AccessDeniedException",
    });
    await expect(
      clientFor({ ...noMail, secretAccessKey: "wrong" }).send(new SendEmailCommand(simple())),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    expect((await store.list()).length).toBe(before);
  });

  it("THEN a message without recipients is a BadRequestException", async () => {
    await expect(
      clientFor(mailer).send(new SendEmailCommand(simple({ Destination: { ToAddresses: [] } }))),
    ).rejects.toMatchObject({ name: "BadRequestException" });
  });
});
