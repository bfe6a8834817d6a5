import { authorize, can, type ScopedActor, scopeRuleOf } from "../../access/policy.ts";
import { type AuditEvent, verifyChain } from "../../audit/domain/chain.ts";
import type { Directory } from "../../directory/ports.ts";
import { ForbiddenError, ValidationError } from "../../kernel/errors.ts";
import type { PersonalDataCipher } from "../../privacy/ports.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import type { Beneficiary, RegistryKind } from "../domain/beneficiary.ts";
import type { RegistryReadLog } from "../ports.ts";
import { entryView, hasPersonalData, memberView, type UnsealedEntryData } from "../views.ts";
import { loadEntry, type RegistryPorts, scopeOfEntry } from "./common.ts";
import { sealBindingOf } from "./register.ts";

export interface EntryReadPorts extends RegistryPorts {
  cipher: Pick<PersonalDataCipher, "unseal">;
  reads: RegistryReadLog;
}

/**
 * One entry for the actor (`registry.read` in its scope); a savings group with its members
 * (names only for `registry.members`: the commune that keeps them) and figures. With `history`,
 * the verified history (its own chain and those of the entries merged into it). With
 * `personal`, and only when the entry holds sealed data (a trusted address's host, a survivor
 * case): authorize `personal.read`, unseal, and record the read in the entry's personal-reads
 * chain first (no record, no data).
 */
export async function readBeneficiary(
  ports: EntryReadPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  id: string,
  opts: { personal?: boolean; history?: boolean },
) {
  const b = await loadEntry(ports, actor, id, "registry.read");
  const scope = await scopeOfEntry(ports.directory, b);
  const group =
    b.kind === "SAVINGS_GROUP"
      ? {
          members: (await ports.registry.members(b.id)).map((m) =>
            memberView(m, can(actor, "registry.members", scope)),
          ),
          figures: await ports.registry.figures(b.id),
        }
      : {};
  const figures = { ...group, ...(opts.history ? { history: await historyOf(ports, b) } : {}) };
  if (!opts.personal || !hasPersonalData(b)) return { ...entryView(b), ...figures };
  authorize(actor, "personal.read", scope);
  const unsealed: UnsealedEntryData = {};
  if (b.kind === "TRUSTED_ADDRESS" && b.details.host) {
    const host = await ports.cipher.unseal(b.details.host, sealBindingOf(b.id));
    if (host.fullName) unsealed.hostName = host.fullName;
  }
  if (b.kind === "SURVIVOR_CASE" && b.details.personal)
    unsealed.survivor = await ports.cipher.unseal(b.details.personal, sealBindingOf(b.id));
  await ports.reads.record(b, tx);
  return { ...entryView(b, unsealed), ...figures };
}

/**
 * The entries the actor may list, always through an index: a commune officer's commune; a
 * reviewing unit's communes one at a time; a province role's commune, or its province by kind.
 */
export async function listBeneficiaries(
  ports: {
    registry: RegistryPorts["registry"];
    directory: Pick<Directory, "findUnit" | "listUnits">;
  },
  actor: ScopedActor,
  q: { communeId?: string; kind?: RegistryKind; limit: number; cursor?: string },
) {
  const rule = scopeRuleOf(actor.role, "registry.read");
  if (!rule || rule === "global")
    throw new ForbiddenError(`role ${actor.role} may not list the registry`);
  let communeId: string | undefined;
  if (rule === "commune") {
    if (q.communeId && q.communeId !== actor.unitId)
      throw new ForbiddenError("communeId must be your own commune");
    communeId = actor.unitId;
  } else if (rule === "reviewUnit") {
    const reviewed = (await ports.directory.listUnits(actor.provinceId)).filter(
      (c) => c.kind === "commune" && c.reviewUnitId === actor.unitId,
    );
    communeId = q.communeId ?? reviewed[0]?.id;
    if (!communeId || !reviewed.some((c) => c.id === communeId))
      throw new ForbiddenError("communeId must be one of the communes your unit reviews");
  } else if (q.communeId) {
    const unit = await ports.directory.findUnit(q.communeId);
    if (unit?.kind !== "commune" || unit.provinceId !== actor.provinceId)
      throw new ForbiddenError("communeId must be a commune of your province");
    communeId = q.communeId;
  } else if (!q.kind) {
    throw new ValidationError("give communeId, or kind to list the whole province", [
      { field: "kind", message: "required without communeId" },
    ]);
  }
  // The cursor is bound to the caller and the query: another query's cursor is a 400.
  const page = { limit: q.limit, cursor: q.cursor, scope: [actor.id, communeId, q.kind] };
  const res = communeId
    ? await ports.registry.ofCommune(communeId, q.kind, page)
    : await ports.registry.ofProvince(actor.provinceId, q.kind as RegistryKind, page);
  return {
    entries: res.entries.map((b) => entryView(b)),
    ...(res.cursor ? { cursor: res.cursor } : {}),
  };
}

/**
 * The entry's history with the history of every entry merged into it (a merge moves history
 * to the kept entry): each chain verified on its own, the events in time order.
 */
export async function beneficiaryHistory(ports: RegistryPorts, actor: ScopedActor, id: string) {
  return historyOf(ports, await loadEntry(ports, actor, id, "registry.read"));
}

async function historyOf(ports: RegistryPorts, b: Beneficiary) {
  const chains: { id: string; ok: boolean; checked: number }[] = [];
  const events: (AuditEvent & { entryId: string })[] = [];
  const seen = new Set<string>();
  const visit = async (entry: Beneficiary, depth: number) => {
    if (seen.has(entry.id) || depth > 10) return;
    seen.add(entry.id);
    const own = await ports.registry.history(entry.id);
    const verdict = verifyChain(own);
    chains.push({ id: entry.id, ok: verdict.ok, checked: verdict.checked });
    for (const e of own) events.push({ ...e, entryId: entry.id });
    for (const from of entry.mergedFrom ?? []) {
      const merged = await ports.registry.find(from);
      if (merged) await visit(merged, depth + 1);
    }
  };
  await visit(b, 0);
  events.sort(
    (x, y) => x.at.localeCompare(y.at) || x.stream.localeCompare(y.stream) || x.seq - y.seq,
  );
  return { id: b.id, chains, ok: chains.every((c) => c.ok), events };
}

/** A savings group's members: names only for the roles that keep them (the commune). */
export async function listMembers(ports: RegistryPorts, actor: ScopedActor, groupId: string) {
  const b = await loadEntry(ports, actor, groupId, "registry.read");
  const withNames = can(actor, "registry.members", await scopeOfEntry(ports.directory, b));
  const members = await ports.registry.members(b.id);
  return {
    groupId: b.id,
    version: b.version,
    members: members.map((m) => memberView(m, withNames)),
  };
}

/** A savings group's figures by period, with their corrections. */
export async function listFigures(ports: RegistryPorts, actor: ScopedActor, groupId: string) {
  const b = await loadEntry(ports, actor, groupId, "registry.read");
  return { groupId: b.id, version: b.version, figures: await ports.registry.figures(b.id) };
}
