import { authorize, type ScopedActor } from "../../access/policy.ts";
import { ValidationError } from "../../kernel/errors.ts";
import type { Beneficiary, Member } from "../domain/beneficiary.ts";
import { type A1Indicators, a1Indicators } from "../domain/indicators.ts";
import type { RegistryPage, RegistryStore } from "../ports.ts";
import type { RegistryPorts } from "./common.ts";

/** Members are read per group; this many groups at a time. */
const PARALLEL = 8;

async function allPages(read: (cursor?: string) => Promise<RegistryPage>): Promise<Beneficiary[]> {
  const out: Beneficiary[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 10_000; i++) {
    const page = await read(cursor);
    out.push(...page.entries);
    cursor = page.cursor;
    if (!cursor) break;
  }
  return out;
}

/** What the A1 facts are read through: three reads of the registry's port, nothing else. */
export interface A1FactsPorts {
  registry: Pick<RegistryStore, "ofCommune" | "ofProvince" | "members">;
}

/**
 * The facts of the A1 indicators in a scope: its savings groups and their members, as stored.
 * No authorization here (the caller's use case authorizes its own scope): this is what another
 * capability (monitoring) composes with `a1Indicators` instead of redefining the indicators.
 */
export async function a1Facts(
  ports: A1FactsPorts,
  scope: { communeId: string } | { provinceId: string },
): Promise<{ groups: Beneficiary[]; members: Member[] }> {
  const groups = await allPages((cursor) => {
    const page = { limit: 100, ...(cursor ? { cursor } : {}), scope: ["a1", scope] };
    return "communeId" in scope
      ? ports.registry.ofCommune(scope.communeId, "SAVINGS_GROUP", page)
      : ports.registry.ofProvince(scope.provinceId, "SAVINGS_GROUP", page);
  });
  const members: Member[] = [];
  for (let i = 0; i < groups.length; i += PARALLEL) {
    const batch = await Promise.all(
      groups.slice(i, i + PARALLEL).map((g) => ports.registry.members(g.id)),
    );
    for (const m of batch) members.push(...m);
  }
  return { groups, members };
}

/**
 * The three A1 indicators of a commune or a province over a period, from the registry as
 * stored (definitions in shared/registry/domain/indicators.ts and docs/indicators.md).
 */
export async function a1IndicatorsFor(
  ports: RegistryPorts,
  actor: ScopedActor,
  q: { communeId?: string; provinceId?: string; from: string; to: string },
): Promise<A1Indicators & { scope: { communeId?: string; provinceId: string } }> {
  if (q.from > q.to) {
    throw new ValidationError("the period ends before it starts", [
      { field: "to", message: "must not be before from" },
    ]);
  }
  const period = { from: q.from, to: q.to };
  if (q.communeId) {
    const commune = await ports.directory.commune(q.communeId);
    authorize(actor, "registry.read", {
      communeId: commune.id,
      reviewUnitId: commune.reviewUnitId,
      provinceId: commune.provinceId,
    });
    const facts = await a1Facts(ports, { communeId: commune.id });
    return {
      scope: { communeId: commune.id, provinceId: commune.provinceId },
      ...a1Indicators(facts.groups, facts.members, period),
    };
  }
  const provinceId = q.provinceId ?? actor.provinceId;
  authorize(actor, "registry.read", { provinceId, communeId: "", reviewUnitId: "" });
  const facts = await a1Facts(ports, { provinceId });
  return { scope: { provinceId }, ...a1Indicators(facts.groups, facts.members, period) };
}
