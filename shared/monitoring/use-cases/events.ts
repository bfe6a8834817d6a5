import { authorize, type ScopedActor } from "../../access/policy.ts";
import { NotFoundError, StaleVersionError } from "../../kernel/errors.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import { difference, eventDeltas } from "../domain/deltas.ts";
import {
  correctEvent,
  type EventInput,
  eventFacts,
  type ProgrammeEvent,
  recordEvent,
} from "../domain/events.ts";
import { localDate } from "../domain/periods.ts";
import type { EventStore, IndicatorLedger } from "../ports.ts";
import { factPlace, type PlaceDirectory, resolvePlace, scopeOf } from "./places.ts";

export interface EventPorts {
  directory: PlaceDirectory;
  events: EventStore;
  ledger: IndicatorLedger;
}

const scopeOfEvent = (e: ProgrammeEvent) => ({
  communeId: e.level === "commune" ? e.unitId : "",
  reviewUnitId: e.level === "commune" ? (e.reviewUnitId ?? "") : "",
  provinceId: e.provinceId,
});

/**
 * A unit records an event it held.
 * 1. the unit (commune, province or the nation) and event.record in its scope; 2. the domain
 *    checks the date and the participants; 3. one transaction: the event, its audit event and
 *    the counters (events held, participants by gender and ethnicity).
 */
export async function recordProgrammeEvent(
  ports: EventPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  input: EventInput,
): Promise<ProgrammeEvent> {
  const place = await resolvePlace(ports.directory, input.unitId);
  const where = factPlace(place.unit);
  authorize(actor, "event.record", scopeOf(place.unit));
  const { next, event } = recordEvent(
    {
      id: ports.events.newId(),
      level: where.level,
      provinceId: place.unit.provinceId,
      ...(place.reviewUnitId ? { reviewUnitId: place.reviewUnitId } : {}),
    },
    input,
    localDate(tx.at),
    tx,
  );
  const extra = ports.ledger.stage(eventDeltas(eventFacts(next)));
  return (await ports.events.save(undefined, next, event, tx, extra)).event;
}

/** Corrects an event with a reason; the counters move by the difference, in the same transaction. */
export async function correctProgrammeEvent(
  ports: EventPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  id: string,
  input: Omit<EventInput, "unitId"> & { reason: string },
  ifMatch?: number,
): Promise<ProgrammeEvent> {
  const before = await ports.events.find(id);
  if (!before) throw new NotFoundError(`event ${id} does not exist`);
  authorize(actor, "event.record", scopeOfEvent(before));
  if (ifMatch !== undefined && ifMatch !== before.version) {
    throw new StaleVersionError(`event ${id} changed meanwhile; reload and retry`, before.version);
  }
  const { reason, ...facts } = input;
  const { next, event } = correctEvent(before, facts, reason, localDate(tx.at), tx);
  const extra = ports.ledger.stage(
    difference(eventDeltas(eventFacts(before)), eventDeltas(eventFacts(next))),
  );
  return (await ports.events.save(before, next, event, tx, extra)).event;
}

/** The events of a place in a year: a province's include its communes'. */
export async function listProgrammeEvents(
  ports: Pick<EventPorts, "directory" | "events">,
  actor: ScopedActor,
  q: { unitId?: string; year: number },
): Promise<ProgrammeEvent[]> {
  const place = await resolvePlace(ports.directory, q.unitId ?? actor.unitId);
  authorize(actor, "monitoring.read", place.scope);
  switch (place.unit.kind) {
    case "province":
      return ports.events.ofProvince(place.unit.id, q.year);
    case "review_unit":
      return (await ports.events.ofProvince(place.unit.provinceId, q.year)).filter(
        (e) => e.reviewUnitId === place.unit.id,
      );
    default:
      return ports.events.ofUnit(place.unit.id, q.year);
  }
}
