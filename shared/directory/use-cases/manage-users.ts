import { authorize, type ScopedActor } from "../../access/policy.ts";
import type { AuditLog } from "../../audit/ports.ts";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from "../../kernel/errors.ts";
import { WriteConditionsFailed } from "../../kernel/pending-write.ts";
import { NATION_ID } from "../../kernel/types.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import { auditStreams } from "../../tables/audit-table.ts";
import {
  FOUR_EYES_ROLES,
  type NewUser,
  startStatus,
  statusOf,
  type UserStatus,
  unitMismatch,
} from "../domain/users.ts";
import type { Directory, DirectoryUser, IdentityProvider, UserStore } from "../ports.ts";

export interface UserAdminPorts {
  users: UserStore;
  directory: Pick<Directory, "findUnitFresh">;
  identity: IdentityProvider;
  audit: AuditLog;
}

/**
 * The admin's users: one step creates the directory entry and the sign-in account.
 * 1. The entry is written first, `pending`, with its audit event, in one transaction;
 * 2. the identity provider makes the account (idempotent); 3. the entry becomes `active`.
 * A crash after 1 leaves a pending entry: creating the same user again completes it. For the
 * roles that move money or change rules (finance, admin, central) step 1 writes
 * `awaiting_approval` instead, and only a second admin's approval goes on to 2 and 3.
 */
export async function createUser(
  ports: UserAdminPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  input: NewUser,
): Promise<DirectoryUser> {
  authorize(actor, "users.manage");
  const unit = await ports.directory.findUnitFresh(input.unitId);
  const mismatch = unitMismatch(input.role, unit);
  if (mismatch || !unit)
    throw new ValidationError(`unit ${input.unitId} does not fit the role`, [
      { field: "unitId", message: mismatch ?? "unknown unit" },
    ]);
  const provinceId = unit.kind === "province" || unit.kind === "nation" ? unit.id : unit.provinceId;
  if (provinceId !== actor.provinceId && provinceId !== NATION_ID)
    throw new ForbiddenError("an admin manages the users of their own province");
  const existing = await ports.users.findFresh(input.username);
  if (existing) {
    // A retry of a create that stopped half way: complete it; anything else is a conflict.
    const same =
      existing.role === input.role &&
      existing.unitId === input.unitId &&
      existing.email === input.email;
    if (same && statusOf(existing) === "pending") return complete(ports, existing, tx.at);
    if (same && statusOf(existing) === "awaiting_approval") return existing;
    throw new ValidationError(`username ${input.username} is taken`, [
      { field: "username", message: "is taken" },
    ]);
  }
  const user: DirectoryUser = {
    ...input,
    provinceId,
    status: startStatus(input.role),
    requestedBy: actor.id,
    pendingOp: "create",
    updatedAt: tx.at,
  };
  try {
    await ports.audit.append(
      auditStreams.user(user.username),
      {
        type: "user.created",
        from: null,
        to: statusOf(user),
        data: { role: user.role, unitId: user.unitId },
      },
      tx,
      scopeOf(user),
      [ports.users.stageCreate(user)],
    );
  } catch (err) {
    if (err instanceof WriteConditionsFailed)
      throw new ValidationError(`username ${input.username} is taken`, [
        { field: "username", message: "is taken" },
      ]);
    throw err;
  }
  return user.status === "pending" ? complete(ports, user, tx.at) : user;
}

/** The second admin's approval of a four-eyes user: never the admin who asked for it. */
export async function approveUser(
  ports: UserAdminPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  username: string,
): Promise<DirectoryUser> {
  const user = await managed(ports, actor, username);
  if (statusOf(user) !== "awaiting_approval")
    throw new ConflictError(`user ${username} awaits no approval`);
  if (user.requestedBy === actor.id)
    throw new ForbiddenError(
      "bạn đã tạo hoặc đề nghị mở khóa người dùng này: cần một quản trị viên khác phê duyệt",
    );
  await transition(ports, user, "awaiting_approval", { status: "pending" }, tx, "user.approved");
  return complete(ports, { ...user, status: "pending" }, tx.at);
}

/** Disables the user in the directory (with its audit event), then the account and its sessions. */
export async function disableUser(
  ports: UserAdminPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  username: string,
): Promise<DirectoryUser> {
  const user = await managed(ports, actor, username);
  if (username === actor.id) throw new ForbiddenError("an admin cannot disable themselves");
  const from = statusOf(user);
  if (from !== "disabled") {
    await transition(
      ports,
      user,
      from === "active" ? "any-active" : from,
      { status: "disabled" },
      tx,
      "user.disabled",
    );
  }
  // Again on a retry: the provider's disable and sign-out are idempotent.
  await ports.identity.ensureDisabled(username);
  return { ...user, status: "disabled" };
}

/** Enables a disabled user again: for the four-eyes roles, once a second admin approves. */
export async function enableUser(
  ports: UserAdminPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  username: string,
): Promise<DirectoryUser> {
  const user = await managed(ports, actor, username);
  if (statusOf(user) !== "disabled") throw new ConflictError(`user ${username} is not disabled`);
  const status: UserStatus = FOUR_EYES_ROLES.has(user.role) ? "awaiting_approval" : "pending";
  await transition(
    ports,
    user,
    "disabled",
    { status, requestedBy: actor.id, pendingOp: "enable" },
    tx,
    "user.enable_requested",
  );
  const next = { ...user, status, requestedBy: actor.id, pendingOp: "enable" as const };
  return status === "pending" ? complete(ports, next, tx.at) : next;
}

/** The users of the admin's province (and every status), for the admin page and GET /v1/users. */
export async function listUsers(
  ports: Pick<UserAdminPorts, "users">,
  actor: ScopedActor,
): Promise<DirectoryUser[]> {
  authorize(actor, "users.manage");
  return ports.users.ofProvince(actor.provinceId);
}

async function managed(ports: UserAdminPorts, actor: ScopedActor, username: string) {
  authorize(actor, "users.manage");
  const user = await ports.users.findFresh(username);
  if (!user || (user.provinceId !== actor.provinceId && user.provinceId !== NATION_ID))
    throw new NotFoundError(`user ${username} does not exist`);
  return user;
}

async function transition(
  ports: UserAdminPorts,
  user: DirectoryUser,
  from: Parameters<UserStore["stageStatus"]>[1],
  patch: Parameters<UserStore["stageStatus"]>[2],
  tx: TransitionContext,
  type: string,
) {
  try {
    await ports.audit.append(
      auditStreams.user(user.username),
      { type, from: statusOf(user), to: patch.status ?? statusOf(user) },
      tx,
      scopeOf(user),
      [ports.users.stageStatus(user.username, from, patch, tx.at)],
    );
  } catch (err) {
    if (err instanceof WriteConditionsFailed)
      throw new ConflictError(`user ${user.username} changed meanwhile; reload and retry`);
    throw err;
  }
}

/** Steps 2 and 3: the account (idempotent), then the entry becomes active. */
async function complete(
  ports: UserAdminPorts,
  user: DirectoryUser,
  at: string,
): Promise<DirectoryUser> {
  await ports.identity.ensureActive(user);
  await ports.users.markActive(user.username, at);
  return { ...user, status: "active" };
}

const scopeOf = (u: DirectoryUser) => ({
  provinceId: u.provinceId,
  ...(u.role === "commune_officer" ? { communeId: u.unitId } : {}),
});
