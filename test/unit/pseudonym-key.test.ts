/** The survivor-pseudonym adapter: KMS GenerateMac through a fake client; stored values win. */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { pseudonymOfProposal } from "../../shared/audit/use-cases/audit-pseudonym.ts";
import type { Kms } from "../../shared/aws/kms.ts";
import { kmsPseudonymKey, pseudonymKeyFor } from "../../shared/privacy/adapters/pseudonym-key.ts";
import { pseudonym, pseudonymFromMac } from "../../shared/privacy/domain/pseudonym.ts";

const KEY_ARN = "arn:aws:kms:ap-southeast-1:111122223333:key/0b1c2d3e";
/** What KMS would compute with an HMAC key whose material is this (KMS never reveals it). */
const material = Buffer.alloc(32, 42);
const kmsMac = (message: Uint8Array) => createHmac("sha256", material).update(message).digest();

type MacInput = Parameters<Kms["generateMac"]>[0];
/** A KMS whose GenerateMac answers `answer(input)` and records its inputs. */
function fakeKms(answer: (input: MacInput) => Promise<{ Mac?: Uint8Array }>) {
  const calls: MacInput[] = [];
  const unused = () => Promise.reject(new Error("not used"));
  const client: Kms = {
    generateMac: (input) => {
      calls.push(input);
      return answer(input);
    },
    sign: unused,
    getPublicKey: unused,
    generateDataKey: unused,
    decrypt: unused,
  };
  return { client, calls };
}
const macs = () => fakeKms(async (i) => ({ Mac: kmsMac(i.Message), KeyId: KEY_ARN }));

describe("GIVEN the KMS HMAC key WHEN a pseudonym is computed", () => {
  it("THEN it asks GenerateMac with HMAC_SHA_256 over survivor:<id> and formats the MAC like the local key", async () => {
    const { client, calls } = macs();
    const value = await kmsPseudonymKey(KEY_ARN, client).pseudonymOf("p-1");
    expect(calls).toHaveLength(1);
    const input = calls[0];
    expect(input?.KeyId).toBe(KEY_ARN);
    expect(input?.MacAlgorithm).toBe("HMAC_SHA_256");
    expect(Buffer.from(input?.Message ?? new Uint8Array()).toString("utf8")).toBe("survivor:p-1");
    // Same HMAC, same format: a KMS key with this material and the local key agree.
    expect(value).toBe(pseudonym("p-1", material));
    expect(value).toMatch(/^NN-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/);
    expect(value).not.toContain("p-1");
  });

  it("THEN different proposals get different pseudonyms, the same proposal the same", async () => {
    const key = kmsPseudonymKey(KEY_ARN, macs().client);
    const [a, b, a2] = await Promise.all([
      key.pseudonymOf("p-1"),
      key.pseudonymOf("p-2"),
      key.pseudonymOf("p-1"),
    ]);
    expect(a).not.toBe(b);
    expect(a2).toBe(a);
  });

  it("THEN a KMS failure or an empty answer fails the computation (no pseudonym is made up)", async () => {
    const denied = fakeKms(() => Promise.reject(new Error("AccessDeniedException")));
    await expect(kmsPseudonymKey(KEY_ARN, denied.client).pseudonymOf("p-1")).rejects.toThrow(
      /AccessDenied/,
    );
    const empty = fakeKms(async () => ({}));
    await expect(kmsPseudonymKey(KEY_ARN, empty.client).pseudonymOf("p-1")).rejects.toThrow(
      /no MAC/,
    );
  });
});

describe("GIVEN an environment WHEN its pseudonym key is chosen", () => {
  it("THEN PSEUDONYM_KEY_ID is the KMS key (locally too: the local KMS); without it there is none", async () => {
    expect(pseudonymKeyFor({ PSEUDONYM_KEY_ID: KEY_ARN }).kind).toBe("kms");
    // KEYS=local no longer chooses a local derivation: every environment calls KMS.
    expect(pseudonymKeyFor({ KEYS: "local", PSEUDONYM_KEY_ID: KEY_ARN }).kind).toBe("kms");
    const none = pseudonymKeyFor({ KEYS: "local", LOCAL_KEY_FILE: "/tmp/any.key" });
    expect(none.kind).toBe("none");
    expect(await none.pseudonymOf("p-1")).toBeUndefined();
  });
});

describe("GIVEN a proposal WHEN readers ask for its pseudonym", () => {
  it("THEN the stored pseudonym is shown, none without personal data, none when never stored", () => {
    const sealed = { alg: "AES-256-GCM", keyId: KEY_ARN, iv: "", tag: "", data: "", edk: "" };
    const stored = pseudonymFromMac(Buffer.alloc(32, 1));
    expect(pseudonymOfProposal({ id: "p-1", personal: sealed, survivorPseudonym: stored })).toBe(
      stored,
    );
    expect(pseudonymOfProposal({ id: "p-1", survivorPseudonym: stored })).toBeUndefined();
    // Readers hold no MAC permission on AWS: nothing computes one after the fact.
    expect(pseudonymOfProposal({ id: "p-1", personal: sealed })).toBeUndefined();
  });
});
