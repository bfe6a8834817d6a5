import { describe, expect, it } from "vitest";
import { groupsOf, identityOf } from "../../../shared/access/domain/identity.ts";

const ID = {
  token_use: "id",
  "cognito:username": "approver.batxat",
  "cognito:groups": ["approver"],
  "custom:unit": "RU-BX",
  name: "Nguyễn Thị Hoa",
};

describe("GIVEN the claims of a verified token", () => {
  it("WHEN it is an ID token of a user with one role group and a unit THEN that is the identity", () => {
    expect(identityOf(ID)).toEqual({
      ok: true,
      identity: {
        id: "approver.batxat",
        role: "approver",
        unitId: "RU-BX",
        name: "Nguyễn Thị Hoa",
      },
    });
  });

  it("WHEN token_use is not 'id' (an access token) or missing THEN a token problem (401)", () => {
    for (const token_use of ["access", undefined, "ID", 1]) {
      const r = identityOf({ ...ID, token_use });
      expect(r.ok, String(token_use)).toBe(false);
      if (!r.ok) {
        expect(r.problem.kind).toBe("token");
        expect(r.problem.message).toMatch(/ID token/);
      }
    }
    // An access token carries `username`, not `cognito:username`; it is refused before that.
    const access = identityOf({ token_use: "access", username: "x", "cognito:groups": ["admin"] });
    expect(access.ok).toBe(false);
  });

  it("WHEN the user is in two role groups THEN a user problem (403) naming both, whatever their order", () => {
    for (const groups of [["approver", "admin"], ["admin", "approver"], "[admin approver]"]) {
      const r = identityOf({ ...ID, "cognito:groups": groups });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.problem.kind).toBe("user");
        expect(r.problem.message).toContain("2 role groups");
        expect(r.problem.message).toContain("admin");
        expect(r.problem.message).toContain("approver");
        expect(r.problem.message).toContain("exactly one");
      }
    }
  });

  it("WHEN groups that are not roles sit beside one role THEN they are ignored; none at all is a 403", () => {
    const extra = identityOf({ ...ID, "cognito:groups": ["ap-southeast-1_Google", "approver"] });
    expect(extra.ok && extra.identity.role).toBe("approver");
    const dup = identityOf({ ...ID, "cognito:groups": ["approver", "approver"] });
    expect(dup.ok && dup.identity.role).toBe("approver");
    for (const groups of [[], ["staff"], undefined]) {
      const r = identityOf({ ...ID, "cognito:groups": groups });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.problem.kind).toBe("user");
        expect(r.problem.message).toContain("no role group");
      }
    }
  });

  it("WHEN the username or the unit is missing THEN it is refused", () => {
    const noUser = identityOf({ ...ID, "cognito:username": "" });
    expect(!noUser.ok && noUser.problem.kind).toBe("token");
    const noUnit = identityOf({ ...ID, "custom:unit": undefined });
    expect(!noUnit.ok && noUnit.problem.kind).toBe("user");
  });

  it("THEN groups arrive as a list or as API Gateway's '[a b]' string", () => {
    expect(groupsOf(["a", "b"])).toEqual(["a", "b"]);
    expect(groupsOf("[a b]")).toEqual(["a", "b"]);
    expect(groupsOf("a,b")).toEqual(["a", "b"]);
    expect(groupsOf(undefined)).toEqual([]);
  });
});
