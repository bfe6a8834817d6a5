/**
 * Key schema of the two tables (docs/architecture.md). Shared by the stateful stack, which
 * creates the indexes, and ProjectFunction, which grants them by name instead of `index/*`.
 */

/** DataTable GSIs: name → [partition key, sort key]. */
export const DATA_INDEXES = {
  GSI1: ["gsi1pk", "gsi1sk"],
  GSI2: ["gsi2pk", "gsi2sk"],
} as const satisfies Record<string, readonly [string, string]>;

/** AuditTable GSIs: name → partition key; all are sorted by `atId` = `<at>#<pk>#<sk>`. */
export const AUDIT_INDEXES = {
  byProvince: "provinceId",
  byUnit: "reviewUnitId",
  byCommune: "communeId",
  byActor: "actorId",
  byType: "type",
} as const satisfies Record<string, string>;

export const AUDIT_SORT_KEY = "atId";
export const DATA_TTL_ATTRIBUTE = "ttl";
