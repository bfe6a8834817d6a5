/**
 * The mailer's own signed SendEmail (shared/aws/signed-json.ts) against the local SES, which
 * verifies Signature Version 4 as AWS does: delivered with the role's keys, refused with a
 * wrong secret or without the grant, with the SDK's error names.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type LocalSes, startLocalSes } from "../../local/aws/ses/server.ts";
import { createMailStore, type MailStore } from "../../local/mail/store.ts";
import { sesMailer } from "../../shared/notifications/adapters/mailer.ts";
import { ACCOUNT, type FakeCaller, fakeAuthorizer, REGION } from "../support/local-aws.ts";

const DOMAIN = `arn:aws:ses:${REGION}:${ACCOUNT}:identity/example.org`;
const sender: FakeCaller = {
  accessKeyId: "ASIAOPENREVIEWTASK",
  secretAccessKey: "s1",
  allow: [`ses:SendEmail ${DOMAIN}`],
};
const noMail: FakeCaller = { accessKeyId: "ASIAGETPROPOSAL", secretAccessKey: "s2", allow: [] };

const VARS = [
  "AWS_REGION",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_ENDPOINT_URL_SESV2",
  "MAIL_FROM",
] as const;
const saved = Object.fromEntries(VARS.map((v) => [v, process.env[v]]));

let dir: string;
let store: MailStore;
let ses: LocalSes;

function as(caller: FakeCaller, secret = caller.secretAccessKey) {
  process.env.AWS_REGION = REGION;
  process.env.AWS_ACCESS_KEY_ID = caller.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = secret;
  delete process.env.AWS_SESSION_TOKEN;
  process.env.AWS_ENDPOINT_URL_SESV2 = ses.url;
  process.env.MAIL_FROM = "no-reply@example.org";
}

const mail = {
  to: ["approver@commune.vn"],
  subject: "Đề xuất chờ thẩm định",
  text: "Mở: http://127.0.0.1:3000/l/abc",
  html: '<a href="http://127.0.0.1:3000/l/abc">Mở</a>',
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "p8-ses-mailer-"));
  store = createMailStore(path.join(dir, "mail"));
  const fake = fakeAuthorizer([sender, noMail]);
  ses = await startLocalSes({
    port: 0,
    mail: store,
    authorize: fake.authorize,
    declarations: {
      identities: ["example.org"],
      configurationSets: [],
      region: REGION,
      account: ACCOUNT,
    },
  });
});

afterEach(() => {
  for (const v of VARS) {
    if (saved[v] === undefined) delete process.env[v];
    else process.env[v] = saved[v];
  }
});

afterAll(async () => {
  await ses.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("GIVEN the role's keys and a grant on the identity WHEN the mailer sends", () => {
  it("THEN SES accepts the signature and files the mail with its Vietnamese subject and link", async () => {
    as(sender);
    await sesMailer.send(mail);
    const [filed] = await store.list();
    expect(filed).toMatchObject({
      from: "no-reply@example.org",
      to: ["approver@commune.vn"],
      subject: "Đề xuất chờ thẩm định",
      links: ["http://127.0.0.1:3000/l/abc"],
    });
  });
});

describe("GIVEN a wrong secret WHEN the mailer sends", () => {
  it("THEN the signature is refused and the error carries SES's name", async () => {
    as(sender, "not-the-secret");
    await expect(sesMailer.send(mail)).rejects.toMatchObject({
      name: "SignatureDoesNotMatchException",
      status: 403,
    });
  });
});

describe("GIVEN a role without ses:SendEmail WHEN the mailer sends", () => {
  it("THEN SES refuses it as AccessDenied", async () => {
    as(noMail);
    await expect(sesMailer.send(mail)).rejects.toMatchObject({ status: 403 });
    await expect(sesMailer.send(mail)).rejects.toHaveProperty(
      "name",
      expect.stringMatching(/AccessDenied/),
    );
  });
});
