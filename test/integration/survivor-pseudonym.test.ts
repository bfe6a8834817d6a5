import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATA_TABLE, dynamoOf } from "../support/audit-support.ts";
import { type StackHandle, startStack } from "../support/local-stack.ts";
import { a2Draft, a4Draft, U } from "../support/proposals.ts";

/**
 * Survivors' pseudonyms are computed once, when the proposal is created, and stored on it;
 * views and audit queries read the stored value (a KMS HMAC key: on AWS, and locally the local
 * KMS), and a proposal stored without one shows none: readers may not compute MACs, on AWS or here.
 */
const PERSONAL = {
  fullName: "Người Thử Bí Danh",
  idNumber: "001122334455",
  phone: "0900 000 111",
  address: "Bản Thử, xã Thử",
  story: "Câu chuyện thử nghiệm",
};

let stack: StackHandle;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.dispose();
});

async function create(body: unknown): Promise<string> {
  const res = await stack.api<{ id: string }>("POST", "/v1/proposals", { token: U.commune, body });
  expect(res.status, res.text).toBe(201);
  return res.json.id;
}

async function stored(id: string): Promise<Record<string, unknown>> {
  const res = await dynamoOf(stack).send(
    new GetCommand({ TableName: DATA_TABLE, Key: { pk: `P#${id}`, sk: "P" } }),
  );
  return res.Item ?? {};
}

async function pseudonymSeenBy(user: string, id: string): Promise<string | undefined> {
  const res = await stack.api<{ survivorPseudonym?: string }>("GET", `/v1/proposals/${id}`, {
    token: user,
  });
  expect(res.status, res.text).toBe(200);
  return res.json.survivorPseudonym;
}

async function pseudonymsOfReads(id: string): Promise<(string | undefined)[]> {
  const res = await stack.api<{ events: { survivorPseudonym?: string }[] }>(
    "GET",
    `/v1/audit/events?proposalId=${id}&stream=personal-reads`,
    { token: U.auditor },
  );
  expect(res.status, res.text).toBe(200);
  return res.json.events.map((e) => e.survivorPseudonym);
}

describe("GIVEN a proposal created with a survivor's personal data", () => {
  let id = "";
  let created = "";

  beforeAll(async () => {
    id = await create(a4Draft(20_000_000, { personal: PERSONAL }));
    const read = await stack.api("GET", `/v1/proposals/${id}?include=personal`, {
      token: U.commune,
    });
    expect(read.status, read.text).toBe(200);
  });

  it("THEN the pseudonym is stored on the item at creation, and readers see that value", async () => {
    const item = await stored(id);
    created = String(item.survivorPseudonym);
    expect(created).toMatch(/^NN-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
    expect(await pseudonymSeenBy(U.auditor, id)).toBe(created);
    expect(await pseudonymsOfReads(id)).toEqual([created]);
  });

  it("THEN views and audit queries read the stored value, not a fresh derivation", async () => {
    const ddb = dynamoOf(stack);
    await ddb.send(
      new UpdateCommand({
        TableName: DATA_TABLE,
        Key: { pk: `P#${id}`, sk: "P" },
        UpdateExpression: "SET survivorPseudonym = :p",
        ExpressionAttributeValues: { ":p": "NN-STOR-EDVA-LU" },
      }),
    );
    expect(await pseudonymSeenBy(U.auditor, id)).toBe("NN-STOR-EDVA-LU");
    expect(await pseudonymsOfReads(id)).toEqual(["NN-STOR-EDVA-LU"]);
  });

  it("THEN a proposal stored before pseudonyms were (no attribute) shows none, as on AWS", async () => {
    await dynamoOf(stack).send(
      new UpdateCommand({
        TableName: DATA_TABLE,
        Key: { pk: `P#${id}`, sk: "P" },
        UpdateExpression: "REMOVE survivorPseudonym",
      }),
    );
    expect((await stored(id)).survivorPseudonym).toBeUndefined();
    // The local stack once derived it from its own key file; AWS never could: readers hold no
    // kms:GenerateMac, so nothing computes a pseudonym after creation.
    expect(await pseudonymSeenBy(U.auditor, id)).toBeUndefined();
    expect(await pseudonymsOfReads(id)).toEqual([undefined]);
  });
});

describe("GIVEN proposals without a survivor", () => {
  it("THEN an A2 proposal stores no pseudonym and shows none", async () => {
    const id = await create(a2Draft());
    expect((await stored(id)).survivorPseudonym).toBeUndefined();
    expect(await pseudonymSeenBy(U.auditor, id)).toBeUndefined();
  });

  it("THEN an A4 draft without personal data yet gets its pseudonym stored, shown once data is added", async () => {
    const id = await create(a4Draft(15_000_000));
    const item = await stored(id);
    expect(item.survivorPseudonym).toMatch(/^NN-/);
    expect(await pseudonymSeenBy(U.auditor, id)).toBeUndefined();
    const { communeId: _c, ...fields } = a4Draft(15_000_000, { personal: PERSONAL });
    const edited = await stack.api("PUT", `/v1/proposals/${id}`, {
      token: U.commune,
      body: fields,
      headers: { "if-match": `"${String(item.version)}"` },
    });
    expect(edited.status, edited.text).toBe(200);
    expect(await pseudonymSeenBy(U.auditor, id)).toBe(item.survivorPseudonym);
  });
});

describe("GIVEN two survivors' proposals WHEN the sealed data of one is copied into the other", () => {
  it("THEN it does not open there (no data returned, no read recorded), and stays readable where it belongs", async () => {
    const other = { ...PERSONAL, fullName: "Người Thứ Hai", idNumber: "009988776655" };
    const first = await create(a4Draft(20_000_000, { personal: PERSONAL }));
    const second = await create(a4Draft(20_000_000, { personal: other }));
    const sealed = (await stored(first)).personal as Record<string, unknown>;
    expect(sealed.v).toBe(2);
    await dynamoOf(stack).send(
      new UpdateCommand({
        TableName: DATA_TABLE,
        Key: { pk: `P#${second}`, sk: "P" },
        UpdateExpression: "SET personal = :p",
        ExpressionAttributeValues: { ":p": sealed },
      }),
    );
    const read = await stack.api("GET", `/v1/proposals/${second}?include=personal`, {
      token: U.commune,
    });
    expect(read.status).toBe(500);
    expect(read.text).not.toContain(PERSONAL.fullName);
    expect(read.text).not.toContain(PERSONAL.idNumber);
    expect(await pseudonymsOfReads(second)).toEqual([]);
    expect(stack.stderr()).toContain("SealedDataError");

    const own = await stack.api<{ personal?: typeof PERSONAL }>(
      "GET",
      `/v1/proposals/${first}?include=personal`,
      { token: U.commune },
    );
    expect(own.status, own.text).toBe(200);
    expect(own.json.personal).toEqual(PERSONAL);
  });
});
