import { describe, expect, it } from "vitest";
import {
  authorize,
  can,
  holderAllows,
  linkBindsTo,
  type ScopedActor,
  taskPermissions,
} from "../../shared/access/policy.ts";
import { ForbiddenError } from "../../shared/kernel/errors.ts";

const scope = { communeId: "C1", reviewUnitId: "R1", provinceId: "P1" };
const actor = (role: ScopedActor["role"], unitId: string, provinceId = "P1"): ScopedActor => ({
  id: role,
  role,
  unitId,
  provinceId,
});

describe("access policy", () => {
  it.each([
    [actor("commune_officer", "C1"), "proposal.edit", true],
    [actor("commune_officer", "C2"), "proposal.edit", false],
    [actor("approver", "R1"), "task.decide", true],
    [actor("approver", "R2"), "task.decide", false],
    [actor("approver", "R1"), "proposal.edit", false],
    [actor("finance_officer", "P1"), "disbursement.record", true],
    [actor("finance_officer", "P2", "P2"), "disbursement.record", false],
    [actor("auditor", "P1"), "proposal.history", true],
    [actor("auditor", "P1"), "personal.read", false],
    [actor("auditor", "P1"), "task.decide", false],
    [actor("province_officer", "P1"), "task.read", true],
    [actor("admin", "HQ", "HQ"), "proposal.read", false],
  ] as const)("%o %s → %s", (a, action, allowed) => {
    expect(can(a, action, scope)).toBe(allowed);
  });

  it("global actions need no resource; scoped ones without a resource are denied", () => {
    expect(can(actor("auditor", "P1"), "norms.read")).toBe(true);
    expect(can(actor("commune_officer", "C1"), "proposal.read")).toBe(false);
  });

  it("authorize names the action, not the data", () => {
    expect(() => authorize(actor("auditor", "P1"), "task.decide", scope)).toThrow(
      new ForbiddenError("role auditor may not task.decide here"),
    );
  });
});

describe("access policy: the monitoring levels", () => {
  const nation = { communeId: "", reviewUnitId: "", provinceId: "VN" };
  const provinceP1 = { communeId: "", reviewUnitId: "", provinceId: "P1" };
  const central = actor("central_officer", "VN", "VN");
  const province = actor("province_officer", "P1");
  it.each([
    // The centre reads everywhere, writes only what it owns.
    [central, "monitoring.read", scope, true],
    [central, "proposal.read", scope, true],
    [central, "personal.read", scope, false],
    [central, "proposal.edit", scope, false],
    [central, "target.set", provinceP1, true],
    [central, "target.set", nation, true],
    [central, "target.set", scope, false],
    [central, "periodic.approve", provinceP1, true],
    [central, "periodic.approve", scope, false],
    [central, "event.record", nation, true],
    [central, "event.record", provinceP1, false],
    // A province: its own report and events; its communes' reports and targets.
    [province, "periodic.submit", provinceP1, true],
    [province, "periodic.submit", scope, false],
    [province, "periodic.approve", scope, true],
    [province, "periodic.approve", provinceP1, false],
    [province, "target.set", scope, true],
    [province, "target.set", provinceP1, false],
    [province, "monitoring.read", nation, false],
    [actor("province_officer", "P2", "P2"), "periodic.approve", scope, false],
    // A commune: its own.
    [actor("commune_officer", "C1"), "periodic.submit", scope, true],
    [actor("commune_officer", "C1"), "periodic.approve", scope, false],
    [actor("commune_officer", "C1"), "monitoring.read", provinceP1, false],
    [actor("approver", "R1"), "monitoring.read", scope, true],
    [actor("approver", "R1"), "monitoring.read", provinceP1, false],
  ] as const)("%o %s %o → %s", (a, action, where, allowed) => {
    expect(can(a, action, where)).toBe(allowed);
  });
});

describe("the holder rule (every channel: API, task page, email link)", () => {
  const open = { ...scope, status: "OPEN" };
  const approver = { ...actor("approver", "R1"), id: "a1" };
  const other = { ...actor("approver", "R1"), id: "a2" };
  const lead = { ...actor("unit_lead", "R1"), id: "l1" };
  const foreignLead = { ...actor("unit_lead", "R2"), id: "l2" };

  it("a task nobody holds is anyone's with the action; a held one its holder's or the unit lead's", () => {
    expect(holderAllows(approver, open)).toBe(true);
    const held = { ...open, assignee: "a1" };
    expect(holderAllows(approver, held)).toBe(true);
    expect(holderAllows(other, held)).toBe(false);
    expect(holderAllows(lead, held)).toBe(true);
    expect(holderAllows(foreignLead, held)).toBe(false);
  });

  it("taskPermissions says what the page offers", () => {
    const held = { ...open, assignee: "a1" };
    expect(taskPermissions(approver, open)).toEqual({
      read: true,
      claim: true,
      unclaim: false,
      decide: true,
      reassign: false,
    });
    expect(taskPermissions(other, held)).toEqual({
      read: true,
      claim: false,
      unclaim: false,
      decide: false,
      reassign: false,
    });
    expect(taskPermissions(lead, held)).toEqual({
      read: true,
      claim: false,
      unclaim: true,
      decide: true,
      reassign: true,
    });
    expect(taskPermissions(approver, { ...held, status: "DONE" })).toEqual({
      read: true,
      claim: false,
      unclaim: false,
      decide: false,
      reassign: false,
    });
    expect(taskPermissions(actor("province_officer", "P1"), open)).toEqual({
      read: true,
      claim: false,
      unclaim: false,
      decide: false,
      reassign: true,
    });
  });

  it("an email link binds to the approver it was sent to", () => {
    expect(linkBindsTo(approver, { username: "a1" })).toBe(true);
    expect(linkBindsTo(other, { username: "a1" })).toBe(false);
  });
});
