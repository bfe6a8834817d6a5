import { describe, expect, it } from "vitest";
import {
  type AuditEvent,
  appendEvent,
  canonicalJson,
  verifyChain,
} from "../../shared/audit/domain/chain.ts";

function chain(n: number): AuditEvent[] {
  const out: AuditEvent[] = [];
  let head = { seq: 0, hash: "" };
  for (let i = 0; i < n; i++) {
    const e = appendEvent(
      head,
      { type: "t", from: "A", to: "B", reason: `r${i}` },
      {
        stream: "P#x",
        at: `2026-01-0${i + 1}T00:00:00.000Z`,
        actor: { id: "u", role: "approver", unitId: "R" },
        channel: "api",
      },
    );
    out.push(e);
    head = { seq: e.seq, hash: e.hash };
  }
  return out;
}

describe("audit hash chain", () => {
  it("canonical JSON sorts keys and drops undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: [2, "x"] } })).toBe(
      '{"a":{"c":[2,"x"]},"b":1}',
    );
  });

  it("verifies an untouched chain", () => {
    expect(verifyChain(chain(5))).toEqual({ ok: true, checked: 5 });
  });

  it("finds the first tampered event", () => {
    const events = chain(5);
    events[2] = { ...(events[2] as AuditEvent), reason: "rewritten" };
    expect(verifyChain(events)).toMatchObject({ ok: false, checked: 2, brokenAt: { seq: 3 } });
  });

  it("finds a removed event", () => {
    const events = chain(4);
    events.splice(1, 1);
    expect(verifyChain(events)).toMatchObject({
      ok: false,
      brokenAt: { seq: 3, reason: "expected seq 2" },
    });
  });

  it("finds a re-hashed event by the broken link that follows it", () => {
    const events = chain(3);
    const { hash: _h, ...body } = { ...(events[0] as AuditEvent), reason: "forged" };
    const forged = appendEvent(
      { seq: 0, hash: "" },
      { type: body.type, from: body.from, to: body.to, reason: "forged" },
      {
        stream: body.stream,
        at: body.at,
        actor: { id: body.actorId, role: body.actorRole, unitId: "R" },
        channel: body.channel,
      },
    );
    events[0] = forged;
    expect(verifyChain(events)).toMatchObject({
      ok: false,
      brokenAt: { seq: 2, reason: "prevHash does not match the previous event" },
    });
  });
});
