import { authorize, type ScopedActor } from "../../access/policy.ts";
import { StaleVersionError } from "../../kernel/errors.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import type { Beneficiary } from "../domain/beneficiary.ts";
import * as changes from "../domain/changes.ts";
import { loadEntry, type RegistryPorts } from "./common.ts";

/**
 * Moves an entry to another commune (units merged, or re-mapped): `registry.move` where it is
 * and where it goes. Its id, history, members, figures, references and cap usage stay with it;
 * proposals already written keep the commune that drafted them.
 */
export async function moveBeneficiary(
  ports: RegistryPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  id: string,
  input: { toCommuneId: string; reason: string },
): Promise<Beneficiary> {
  const b = await loadEntry(ports, actor, id, "registry.move");
  const to = await ports.directory.commune(input.toCommuneId);
  authorize(actor, "registry.move", {
    communeId: to.id,
    reviewUnitId: to.reviewUnitId,
    provinceId: to.provinceId,
  });
  const change = changes.move(b, { communeId: to.id, provinceId: to.provinceId }, input.reason, tx);
  return (await ports.registry.save(b, change, tx)).entry;
}

/**
 * Every entry of a commune moves to another (two communes merged into one). Resumable: a
 * re-run moves what is left; it counts what it moved and what it could not.
 */
export async function moveCommuneEntries(
  ports: RegistryPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  input: { fromCommuneId: string; toCommuneId: string; reason: string },
): Promise<{ moved: string[]; failed: { id: string; reason: string }[] }> {
  const from = await ports.directory.commune(input.fromCommuneId);
  authorize(actor, "registry.move", {
    communeId: from.id,
    reviewUnitId: from.reviewUnitId,
    provinceId: from.provinceId,
  });
  const moved: string[] = [];
  const failed: { id: string; reason: string }[] = [];
  const done = new Set<string>();
  for (let round = 0; round < 200; round++) {
    const page = await ports.registry.ofCommune(from.id, undefined, {
      limit: 25,
      scope: ["move", from.id],
    });
    // The index may still list an entry moved a moment ago: each is tried once.
    const todo = page.entries.filter((e) => !done.has(e.id));
    if (todo.length === 0) break;
    for (const e of todo) {
      done.add(e.id);
      const fresh = await ports.registry.find(e.id);
      if (!fresh || fresh.communeId !== from.id || fresh.state === "MERGED") continue;
      try {
        await moveBeneficiary(ports, actor, tx, e.id, {
          toCommuneId: input.toCommuneId,
          reason: input.reason,
        });
        moved.push(e.id);
      } catch (err) {
        if (err instanceof StaleVersionError) done.delete(e.id);
        else failed.push({ id: e.id, reason: (err as Error).message });
      }
    }
  }
  return { moved, failed };
}
