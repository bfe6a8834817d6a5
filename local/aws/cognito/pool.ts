import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROLES, type Role } from "../../../shared/kernel/types.ts";

/** A sign-in account of the local user pool (what Cognito keeps of it, minus the password). */
export interface PoolUser {
  username: string;
  email: string;
  name: string;
  unitId: string;
  groups: Role[];
  enabled: boolean;
  /** Bumped by AdminUserGlobalSignOut: tokens issued before are refused by the local sign-in. */
  signedOutAt?: string;
  createdAt: string;
}

/**
 * The local user pool: accounts an admin created through the Cognito API, kept in
 * `<dataDir>/cognito/users.json` (written whole, atomically), read by the local token issuer
 * (local/identity.ts) so that a created user can sign in and a disabled one cannot.
 */
export class LocalUserPool {
  private readonly file: string;
  constructor(dataDir: string) {
    this.file = poolFile(dataDir);
  }

  all(): Record<string, PoolUser> {
    return readPool(this.file);
  }

  get(username: string): PoolUser | undefined {
    return this.all()[username];
  }

  update(fn: (users: Record<string, PoolUser>) => void): void {
    const users = this.all();
    fn(users);
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(users, null, 2));
    renameSync(tmp, this.file);
  }
}

export const poolFile = (dataDir: string) => path.join(dataDir, "cognito", "users.json");

export function readPool(file: string): Record<string, PoolUser> {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, PoolUser>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw err;
  }
}

export const isRole = (g: string): g is Role => (ROLES as readonly string[]).includes(g);
