import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  type AuditEvent,
  appendEvent,
  type ChainHead,
  verifyChain,
} from "../../../shared/audit/domain/chain.ts";
import {
  buildDigest,
  checkAgainstAnchor,
  digestKey,
  digestSignatureValid,
  LATEST_KEY,
  parseDigest,
  serializeDigest,
  sha256Hex,
  signingStatement,
  verifyDigestChain,
} from "../../../shared/audit/domain/digest.ts";
import { anchorReader } from "../../../shared/audit/use-cases/digest-anchors.ts";
import { DIGEST_LAG_MS, publishDigest } from "../../../shared/audit/use-cases/publish-digest.ts";
import {
  memoryChainHeads,
  memoryDigestStore,
  memorySigningKey,
} from "../../support/memory/digests.ts";

const actor = { id: "approver.batxat", role: "approver" as const };

/** A stream of `n` events, the first at `start`, one a minute. */
function stream(name: string, n: number, start: string, type = "proposal.changed"): AuditEvent[] {
  const out: AuditEvent[] = [];
  let head: ChainHead = { seq: 0, hash: "" };
  for (let i = 0; i < n; i++) {
    const at = new Date(Date.parse(start) + i * 60_000).toISOString();
    const e = appendEvent(
      head,
      { type, from: "A", to: `B${i}` },
      { stream: name, at, actor, channel: "api" },
    );
    out.push(e);
    head = { seq: e.seq, hash: e.hash };
  }
  return out;
}

/** The same stream's events rebuilt with other content: a consistent rewrite, chain and head. */
function rewritten(events: readonly AuditEvent[]): AuditEvent[] {
  const out: AuditEvent[] = [];
  let head: ChainHead = { seq: 0, hash: "" };
  for (const e of events) {
    const r = appendEvent(
      head,
      { type: e.type, from: e.from, to: e.seq === 2 ? "FORGED" : e.to },
      { stream: e.stream, at: e.at, actor, channel: e.channel },
    );
    out.push(r);
    head = { seq: r.seq, hash: r.hash };
  }
  return out;
}

describe("GIVEN a digest body", () => {
  const key = memorySigningKey();
  const body = buildDigest({
    seq: 3,
    from: "2026-06-01T00:00:00.000Z",
    to: "2026-06-01T01:00:00.000Z",
    createdAt: "2026-06-01T01:05:00.000Z",
    previous: { key: digestKey(2), sha256: "ab".repeat(32) },
    heads: [
      { stream: "P#b", seq: 2, hash: "h2" },
      { stream: "P#a", seq: 1, hash: "h1" },
      { stream: "P#b", seq: 3, hash: "h3" },
      { stream: "P#empty", seq: 0, hash: "" },
    ],
    keyId: key.signer.keyId,
  });

  it("THEN its heads are one per stream (the latest), sorted, without empty streams", () => {
    expect(body.heads).toEqual([
      { stream: "P#a", seq: 1, hash: "h1" },
      { stream: "P#b", seq: 3, hash: "h3" },
    ]);
    expect(digestKey(3)).toBe("digests/0000000003.json");
    expect(signingStatement(body).toString()).toMatch(
      /^project8-audit-digest\/1\nseq=3\nsha256=[0-9a-f]{64}\n$/,
    );
  });

  it("WHEN signed THEN it verifies with the public key alone (DER or PEM), and with no other key", async () => {
    const raw = serializeDigest(body, await key.signer.sign(signingStatement(body)));
    const parsed = parseDigest(raw);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(digestSignatureValid(parsed.file, key.der)).toBe(true);
    expect(digestSignatureValid(parsed.file, String(key.pem))).toBe(true);
    const stranger = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({
      type: "spki",
      format: "der",
    });
    expect(digestSignatureValid(parsed.file, stranger)).toBe(false);
  });

  it("WHEN any recorded head is changed after signing THEN the signature fails", async () => {
    const raw = serializeDigest(body, await key.signer.sign(signingStatement(body)));
    const forged = raw.replace('"hash":"h3"', '"hash":"h4"');
    expect(forged).not.toBe(raw);
    const parsed = parseDigest(forged);
    expect(parsed.ok && digestSignatureValid(parsed.file, key.der)).toBe(false);
    for (const bad of [
      "",
      "{",
      "[]",
      '{"format":"x"}',
      '{"format":"project8-audit-digest/1","seq":1}',
    ]) {
      expect(parseDigest(bad).ok, bad).toBe(false);
    }
  });
});

describe("GIVEN a stream and the head a signed digest recorded", () => {
  const events = stream("P#p1", 4, "2026-06-01T00:00:00.000Z");
  const anchored = { seq: 3, hash: events[2]?.hash ?? "" };
  const digest = { seq: 7, to: "2026-06-01T01:00:00.000Z" };

  it("WHEN the events are untouched, or more were appended since THEN they agree", () => {
    expect(checkAgainstAnchor(events.slice(0, 3), anchored, digest).ok).toBe(true);
    expect(checkAgainstAnchor(events, anchored, digest).ok).toBe(true);
  });

  it("WHEN events and head were rewritten together THEN the hash chain still holds but the digest disagrees", () => {
    const forged = rewritten(events);
    expect(verifyChain(forged).ok).toBe(true);
    const v = checkAgainstAnchor(forged, anchored, digest);
    expect(v.ok).toBe(false);
    expect(v.brokenAt?.seq).toBe(3);
    expect(v.brokenAt?.reason).toContain("rewritten together");
    expect(v.brokenAt?.reason).toContain("signed digest 7");
  });

  it("WHEN trailing events were removed (and the head with them) THEN the digest says so", () => {
    const v = checkAgainstAnchor(events.slice(0, 2), anchored, digest);
    expect(v.ok).toBe(false);
    expect(v.brokenAt).toEqual({ seq: 3, reason: expect.stringContaining("events were removed") });
  });
});

describe("GIVEN the hourly digest over in-memory ports", () => {
  const T0 = "2026-06-01T00:00:00.000Z";
  const hour = (h: number, m = 0) =>
    new Date(Date.parse(T0) + h * 3_600_000 + m * 60_000).toISOString();

  function world() {
    const events: AuditEvent[] = [
      ...stream("P#old", 2, hour(-30)),
      ...stream("NS#set", 1, hour(-20)),
    ];
    const heads = memoryChainHeads(() => events);
    const key = memorySigningKey();
    const store = memoryDigestStore();
    const ports = { heads, signer: key.signer, store };
    return { events, heads, key, store, ports };
  }

  it("THEN the first digest records every stream, later ones only the streams that changed, each naming the previous", async () => {
    const w = world();
    const first = await publishDigest(w.ports, hour(0));
    expect(first).toMatchObject({ published: true, seq: 1, heads: 2 });
    expect(w.heads.calls).toEqual(["all"]);

    w.events.push(...stream("P#new", 3, hour(0, 10)));
    const second = await publishDigest(w.ports, hour(1));
    expect(second).toMatchObject({ published: true, seq: 2, heads: 1 });
    const lag = new Date(Date.parse(hour(0)) - DIGEST_LAG_MS).toISOString();
    expect(w.heads.calls[1]).toBe(
      `changed ${lag} ${new Date(Date.parse(hour(1)) - DIGEST_LAG_MS).toISOString()}`,
    );

    const raw1 = w.store.objects.get(digestKey(1)) ?? "";
    const raw2 = w.store.objects.get(digestKey(2)) ?? "";
    const d2 = parseDigest(raw2);
    expect(d2.ok && d2.file.previous).toEqual({ key: digestKey(1), sha256: sha256Hex(raw1) });
    expect(d2.ok && d2.file.heads.map((h) => `${h.stream}@${h.seq}`)).toEqual(["P#new@3"]);
    expect(JSON.parse(w.store.objects.get(LATEST_KEY) ?? "{}")).toEqual({
      seq: 2,
      key: digestKey(2),
    });

    // An hour without changes still gets a digest: a missing hour means the function stopped.
    const third = await publishDigest(w.ports, hour(2));
    expect(third).toMatchObject({ published: true, seq: 3, heads: 0 });
    // A duplicate run of the same schedule finds nothing left to cover.
    expect(await publishDigest(w.ports, hour(2))).toMatchObject({ published: false });

    const chain = [3, 2, 1].map((n) => ({
      key: digestKey(n),
      raw: w.store.objects.get(digestKey(n)) ?? "",
    }));
    expect(verifyDigestChain(chain, w.key.der)).toEqual({ ok: true, checked: 3 });
  });

  it("THEN an event younger than the lag waits for the next digest, which then records it", async () => {
    const w = world();
    await publishDigest(w.ports, hour(0));
    w.events.push(...stream("P#late", 1, hour(0, 58)));
    expect(await publishDigest(w.ports, hour(1))).toMatchObject({ heads: 0 });
    expect(await publishDigest(w.ports, hour(2))).toMatchObject({ heads: 1 });
  });

  it("WHEN a digest is removed, altered or relinked THEN the chain of digests says where", async () => {
    const w = world();
    for (let h = 0; h < 4; h++) await publishDigest(w.ports, hour(h));
    const raw = (n: number) => w.store.objects.get(digestKey(n)) ?? "";
    const entry = (n: number, text = raw(n)) => ({ key: digestKey(n), raw: text });
    const gap = verifyDigestChain([entry(4), entry(2), entry(1)], w.key.der);
    expect(gap.ok).toBe(false);
    expect(gap.brokenAt?.digest).toBe(3);
    const altered = raw(2).replace(/"createdAt":"[^"]+"/, '"createdAt":"2000-01-01T00:00:00.000Z"');
    const bad = verifyDigestChain([entry(4), entry(3), entry(2, altered), entry(1)], w.key.der);
    expect(bad).toMatchObject({ ok: false, brokenAt: { digest: 2 } });
    expect(bad.brokenAt?.reason).toContain("signature");
    const headless = verifyDigestChain([entry(4), entry(3)], w.key.der);
    expect(headless).toMatchObject({ ok: false, brokenAt: { digest: 2 } });
  });

  it("THEN a stream's anchor leads to the signed head; a forged anchor or digest is a finding", async () => {
    const w = world();
    await publishDigest(w.ports, hour(0));
    const reader = anchorReader({ store: w.store, publicKey: w.key.publicKey });
    expect(await reader.anchorOf("P#old")).toMatchObject({
      kind: "anchored",
      seq: 2,
      hash: w.events[1]?.hash,
      digest: { seq: 1, key: digestKey(1) },
    });
    expect(await reader.anchorOf("P#never")).toEqual({ kind: "none" });

    // An anchor pointing at a digest that does not record the stream.
    await w.store.writeAnchor({
      stream: "P#ghost",
      seq: 1,
      hash: "x",
      digest: { seq: 1, key: digestKey(1) },
    });
    expect(
      await anchorReader({ store: w.store, publicKey: w.key.publicKey }).anchorOf("P#ghost"),
    ).toMatchObject({
      kind: "invalid",
    });
    // A digest re-signed with another key.
    const other = memorySigningKey();
    const forged = await anchorReader({
      store: w.store,
      publicKey: { ...other.publicKey, keyId: w.key.signer.keyId },
    }).anchorOf("P#old");
    expect(forged).toMatchObject({ kind: "invalid", reason: expect.stringContaining("signature") });
  });
});
