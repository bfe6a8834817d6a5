import { describe, expect, it } from "vitest";
import type {
  DirectoryUser,
  IdentityProvider,
  Unit,
  UserStore,
} from "../../shared/directory/ports.ts";
import {
  approveUser,
  createUser,
  disableUser,
  enableUser,
  type UserAdminPorts,
} from "../../shared/directory/use-cases/manage-users.ts";
import { ForbiddenError, ValidationError } from "../../shared/kernel/errors.ts";
import { memoryAuditLog } from "../support/memory/audit.ts";
import { MemoryDb, memoryWrite } from "../support/memory/db.ts";

const UNITS: Unit[] = [
  { id: "P-LC", kind: "province", nameVi: "Tỉnh", nameEn: "Province", provinceId: "P-LC" },
  {
    id: "C-A",
    kind: "commune",
    nameVi: "Xã A",
    nameEn: "A",
    provinceId: "P-LC",
    reviewUnitId: "RU",
  },
];
const admin = { id: "admin", role: "admin" as const, unitId: "P-LC", provinceId: "P-LC" };
const admin2 = { ...admin, id: "admin2" };
const tx = (actor = admin) => ({ actor, channel: "web" as const, at: "2026-06-01T01:00:00.000Z" });

/** The directory's users in memory, with the same conditions as the DynamoDB adapter. */
function world(failFirst = false) {
  const db = new MemoryDb();
  const users = new Map<string, DirectoryUser>();
  const accounts = new Map<string, { enabled: boolean; signedOut: number }>();
  let failures = failFirst ? 1 : 0;
  const store: UserStore = {
    stageCreate: (u) =>
      memoryWrite(
        () => users.set(u.username, { ...u }),
        () => !users.has(u.username),
      ),
    stageStatus: (username, from, patch, at) =>
      memoryWrite(
        () => {
          const u = users.get(username);
          if (u) users.set(username, { ...u, ...patch, updatedAt: at });
        },
        () => {
          const s = users.get(username)?.status ?? "active";
          return from === "any-active" ? s === "active" : s === from;
        },
      ),
    async markActive(username) {
      const u = users.get(username);
      if (u?.status === "pending") users.set(username, { ...u, status: "active" });
    },
    async ofProvince() {
      return [...users.values()];
    },
    async findFresh(username) {
      return users.get(username);
    },
  };
  const identity: IdentityProvider = {
    async ensureActive(u) {
      if (failures > 0) {
        failures--;
        throw new Error("Cognito is unavailable");
      }
      accounts.set(u.username, { enabled: true, signedOut: 0 });
    },
    async ensureDisabled(username) {
      const a = accounts.get(username);
      if (a) accounts.set(username, { enabled: false, signedOut: a.signedOut + 1 });
    },
  };
  const ports: UserAdminPorts = {
    users: store,
    directory: { findUnitFresh: async (id) => UNITS.find((u) => u.id === id) },
    identity,
    audit: memoryAuditLog(db),
  };
  return { ports, users, accounts, db };
}

const officer = {
  username: "canbo.xa-a",
  name: "Lò Thị Mai",
  email: "canbo@xa-a.vn",
  role: "commune_officer" as const,
  unitId: "C-A",
};

describe("GIVEN an admin WHEN they create a commune officer", () => {
  it("THEN the entry, its audit event and the account exist, and the user is active", async () => {
    const w = world();
    const u = await createUser(w.ports, admin, tx(), officer);
    expect(u.status).toBe("active");
    expect(w.users.get(officer.username)?.status).toBe("active");
    expect(w.accounts.get(officer.username)?.enabled).toBe(true);
    expect(w.db.events("USER#canbo.xa-a").map((e) => e.type)).toEqual(["user.created"]);
  });

  it("THEN a crash at the identity provider leaves a pending entry that creating again completes", async () => {
    const w = world(true);
    await expect(createUser(w.ports, admin, tx(), officer)).rejects.toThrow("unavailable");
    expect(w.users.get(officer.username)?.status).toBe("pending");
    expect(w.accounts.has(officer.username)).toBe(false);
    const again = await createUser(w.ports, admin, tx(), officer);
    expect(again.status).toBe("active");
    expect(w.accounts.get(officer.username)?.enabled).toBe(true);
    // One creation in the history, not two.
    expect(w.db.events("USER#canbo.xa-a")).toHaveLength(1);
  });

  it("THEN a unit that does not fit the role, or a taken username, is a field error", async () => {
    const w = world();
    await expect(
      createUser(w.ports, admin, tx(), { ...officer, unitId: "P-LC" }),
    ).rejects.toBeInstanceOf(ValidationError);
    await createUser(w.ports, admin, tx(), officer);
    await expect(
      createUser(w.ports, admin, tx(), { ...officer, unitId: "C-A", email: "other@x.vn" }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("GIVEN a user with a money role (four eyes)", () => {
  const finance = {
    ...officer,
    username: "taichinh.moi",
    role: "finance_officer" as const,
    unitId: "P-LC",
  };

  it("THEN creating it makes no account until a second admin approves; the creator cannot", async () => {
    const w = world();
    const u = await createUser(w.ports, admin, tx(), finance);
    expect(u.status).toBe("awaiting_approval");
    expect(w.accounts.has(finance.username)).toBe(false);
    await expect(approveUser(w.ports, admin, tx(), finance.username)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const approved = await approveUser(w.ports, admin2, tx(admin2), finance.username);
    expect(approved.status).toBe("active");
    expect(w.accounts.get(finance.username)?.enabled).toBe(true);
  });

  it("THEN enabling it again after a disable also waits for a second admin", async () => {
    const w = world();
    await createUser(w.ports, admin, tx(), finance);
    await approveUser(w.ports, admin2, tx(admin2), finance.username);
    await disableUser(w.ports, admin, tx(), finance.username);
    expect(w.accounts.get(finance.username)).toEqual({ enabled: false, signedOut: 1 });
    const asked = await enableUser(w.ports, admin2, tx(admin2), finance.username);
    expect(asked.status).toBe("awaiting_approval");
    await expect(approveUser(w.ports, admin2, tx(admin2), finance.username)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect((await approveUser(w.ports, admin, tx(), finance.username)).status).toBe("active");
    expect(w.db.events("USER#taichinh.moi").map((e) => e.type)).toEqual([
      "user.created",
      "user.approved",
      "user.disabled",
      "user.enable_requested",
      "user.approved",
    ]);
  });
});

describe("GIVEN a disable WHEN the identity provider fails half way", () => {
  it("THEN the directory says disabled at once and a retry disables the account", async () => {
    const w = world();
    await createUser(w.ports, admin, tx(), officer);
    const provider = w.ports.identity;
    w.ports.identity = {
      ...provider,
      ensureDisabled: async () => Promise.reject(new Error("down")),
    };
    await expect(disableUser(w.ports, admin, tx(), officer.username)).rejects.toThrow("down");
    expect(w.users.get(officer.username)?.status).toBe("disabled");
    w.ports.identity = provider;
    await disableUser(w.ports, admin, tx(), officer.username);
    expect(w.accounts.get(officer.username)?.enabled).toBe(false);
    expect(w.db.events("USER#canbo.xa-a").filter((e) => e.type === "user.disabled")).toHaveLength(
      1,
    );
  });
});
