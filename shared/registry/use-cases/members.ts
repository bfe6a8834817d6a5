import type { ScopedActor } from "../../access/policy.ts";
import { NotFoundError, StaleVersionError } from "../../kernel/errors.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import type { GroupFigures, Member } from "../domain/beneficiary.ts";
import * as changes from "../domain/changes.ts";
import { checkVersion, loadEntry, type RegistryPorts } from "./common.ts";

export type MemberInput = changes.MemberFields;

/**
 * A member joins a savings group. The group's version moves with every member change (its
 * audit chain records them), so two officers adding members at once cannot lose one; If-Match
 * is optional here (the page and the field app add members one after another).
 */
export async function addMember(
  ports: RegistryPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  groupId: string,
  expected: number | undefined,
  input: MemberInput,
): Promise<Member> {
  const b = await loadEntry(ports, actor, groupId, "registry.edit");
  if (expected !== undefined) checkVersion(b, expected);
  const { change, member } = changes.addMember(b, input, tx);
  await ports.registry.save(b, change, tx);
  return member;
}

/**
 * Edits a member (If-Match: the member's version). Taking back or changing a recorded
 * introduction or support is a correction: it needs `correctionReason` and is audited as one.
 */
export async function updateMember(
  ports: RegistryPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  groupId: string,
  memberId: string,
  expected: number | undefined,
  input: MemberInput & { correctionReason?: string },
): Promise<Member> {
  const b = await loadEntry(ports, actor, groupId, "registry.edit");
  const before = (await ports.registry.members(b.id)).find((m) => m.id === memberId);
  if (!before) throw new NotFoundError(`member ${memberId} of ${b.id} does not exist`);
  if (expected === undefined) {
    checkVersion({ ...b, version: before.version }, undefined);
  } else if (expected !== before.version) {
    throw new StaleVersionError(
      `member ${memberId} is at version ${before.version}, not ${expected}; reload and retry`,
      before.version,
    );
  }
  const { correctionReason, ...fields } = input;
  const { change, member } = changes.editMember(b, before, fields, correctionReason, tx);
  await ports.registry.save(b, change, tx);
  return member;
}

/** Records a meeting's or a month's figures; a change of recorded figures is a correction. */
export async function recordGroupFigures(
  ports: RegistryPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  groupId: string,
  input: changes.FiguresInput & { correction?: { reason: string } },
): Promise<GroupFigures> {
  const b = await loadEntry(ports, actor, groupId, "registry.edit");
  const existing = (await ports.registry.figures(b.id)).find((f) => f.period === input.period);
  const { correction, ...values } = input;
  const { change, figures } = changes.recordFigures(b, existing, values, correction, tx);
  await ports.registry.save(b, change, tx);
  return figures;
}
