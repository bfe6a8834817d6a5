/**
 * The registry store that keeps the A1 counters with the facts: every change of a savings group
 * or of its members stages the counters' updates (shared/monitoring/domain/registry-deltas.ts)
 * in the change's own transaction, so the monitoring dashboards count exactly what the registry
 * holds. Wraps any RegistryStore (DynamoDB on both runs; memory in unit tests).
 *
 * save() reads the members it needs (all of a group whose own facts change; the earlier version
 * of a member edited). stage() cannot read: its caller passes the members it has already read,
 * and the deltas travel with the staged writes to commit(), which merges them per counter cell
 * (two updates of one item cannot share a transaction).
 */

import { membersNeeded, registryChangeDeltas } from "../../monitoring/domain/registry-deltas.ts";
import type { IndicatorLedger } from "../../monitoring/ports.ts";
import type { RegistryStore } from "../ports.ts";

export function countedRegistry(inner: RegistryStore, ledger: IndicatorLedger): RegistryStore {
  return {
    ...inner,
    async save(before, change, ctx, extra = []) {
      const written = change.members ?? [];
      const membersBefore =
        before && membersNeeded(before, change.next, written) ? await inner.members(before.id) : [];
      const deltas = registryChangeDeltas(before, change.next, written, membersBefore);
      return inner.save(before, change, ctx, [...extra, ...ledger.stage(deltas)]);
    },
    stage(before, change, ctx, membersBefore) {
      const written = change.members ?? [];
      if (membersBefore === undefined && membersNeeded(before, change.next, written)) {
        throw new Error(
          `staging a change of ${change.next.id} that moves its members' counters needs the members read before it`,
        );
      }
      const deltas = registryChangeDeltas(before, change.next, written, membersBefore ?? []);
      return { ...inner.stage(before, change, ctx, membersBefore), deltas };
    },
    commit(writes, deltas = []) {
      return inner.commit([...writes, ...ledger.stage(deltas)]);
    },
  };
}
